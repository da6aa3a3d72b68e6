package io.vmnetdiag.api.v1alpha1;

/** The verdicts a diagnosis can reach. */
public enum VerdictReason {
  /** Nothing to or from the VM was seen anywhere: inconclusive. */
  NoTrafficObserved,
  /** The capture itself lost packets that matter, or a hop could not be captured: inconclusive. */
  CaptureIncomplete,
  /** Nothing for the VM reaches the node's uplink. */
  LostUpstreamOfHost,
  /** Packets reach the uplink but not the VM's device. */
  LostInsideHost,
  /** The VM's device delivers packets; the guest sends nothing at all. */
  GuestNotResponding,
  /** The VM's device delivers packets and ARP replies; the guest only keeps asking ARP who-has. */
  GuestNotProcessingReceive,
  /** The guest's replies reach its device but do not leave the uplink. */
  LostOnEgress,
  /** Replies leave the uplink: the path on this node works. */
  PathHealthy
}
