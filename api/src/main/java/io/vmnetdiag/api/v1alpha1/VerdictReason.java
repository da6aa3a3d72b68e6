package io.vmnetdiag.api.v1alpha1;

/** The verdicts a diagnosis can reach. */
public enum VerdictReason {
  /** Nothing to or from the VM was seen anywhere: inconclusive. */
  NoTrafficObserved,
  /** The capture itself lost packets that matter, or a hop could not be captured: inconclusive. */
  CaptureIncomplete,
  /** The VM's own frames come from another address than the one the diagnosis targets: inconclusive. */
  AddressMismatch,
  /** Nothing for the VM reaches the node's uplink. */
  LostUpstreamOfHost,
  /** Packets reach the uplink but not the VM's device. */
  LostInsideHost,
  /** The VM's device delivers requests; the guest answers none of them (sends nothing, or only its own traffic). */
  GuestNotResponding,
  /** The VM's device delivers answers to the guest's own neighbour lookups (or lookups for its address); the guest acts on none of them and keeps asking. */
  GuestNotProcessingReceive,
  /**
   * The VM's device delivers requests; the guest's own agent shows its NIC counted none of them and sent nothing,
   * and nothing shows it up: the guest holds its interface down (or its driver is dead).
   */
  GuestInterfaceDown,
  /**
   * libvirt holds the VM's link down ({@code <link state='down'/>}, virsh domif-setlink): the tap, which stays up,
   * is handed frames for the VM and nothing comes from it, while the guest (its agent, where it answered) holds its
   * interface up. QEMU passes no frame either way.
   */
  HostLinkDown,
  /** The guest's replies reach its device but do not leave the uplink. */
  LostOnEgress,
  /**
   * The VM answered what the node sent it (probes, local peers), and nothing arrived from outside during the
   * window: the node's part of the path works and the part upstream of the uplink is untested.
   */
  UpstreamUntested,
  /** Replies leave the uplink: the path on this node works. */
  PathHealthy;

  /** False for the verdicts that say the diagnosis could not tell; the status calls them inconclusive. */
  public boolean isConclusive() {
    return this != NoTrafficObserved && this != CaptureIncomplete && this != AddressMismatch;
  }
}
