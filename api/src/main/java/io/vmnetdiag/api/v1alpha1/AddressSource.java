package io.vmnetdiag.api.v1alpha1;

/** Where the VM's IP address was learned. */
public enum AddressSource {
  Spec,
  GuestAgent,
  NeighbourTable,
  Unknown
}
