package io.vmnetdiag.api.v1alpha1;

/** Where the VM's IP address was learned. */
public enum AddressSource {
  Spec,
  GuestAgent,
  NeighbourTable,
  /** Learned from the frames the VM's MAC sent during the capture (ARP sender, IP source). */
  Observed,
  /** A KubeVirt VMI's status.interfaces, as KubeVirt reports it from the domain (no guest agent behind it). */
  VmiStatus,
  /** The KubeVirt VM's virt-launcher pod's IP, which the VM holds with the bridge and masquerade bindings. */
  LauncherPodIp,
  Unknown
}
