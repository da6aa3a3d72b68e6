package io.vmnetdiag.api.v1alpha1;

/** Where the VM's IP address was learned. */
public enum AddressSource {
  Spec,
  GuestAgent,
  NeighbourTable,
  /** Learned from the frames the VM's MAC sent during the capture (ARP sender, IP source). */
  Observed,
  Unknown
}
