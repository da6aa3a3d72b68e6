package io.vmnetdiag.api.v1alpha1;

import java.util.Locale;

/** The kinds of hop on a VM's path, outside in. */
public enum HopRole {
  /** The node's NIC towards the network (a bridge member that is not a VM device). */
  Uplink,
  /** The Linux bridge joining uplink and VM devices. */
  Bridge,
  /** KubeVirt: the node-side end of the virt-launcher pod's veth (its peer is the pod's interface). */
  PodVeth,
  /** KubeVirt: the pod's interface in the virt-launcher namespace (bridge binding: eth0-nic; masquerade: eth0). */
  PodInterface,
  /** KubeVirt: the in-pod bridge joining the pod's interface and the VM's tap (k6t-eth0). */
  PodBridge,
  /** The VM's backend device on the node (tap / vnetN; KubeVirt: tap0 in the virt-launcher namespace). */
  Tap,
  /** The NIC inside the guest. */
  Guest;

  /** The role as text names it: "uplink", "tap"; "hop" when it is missing. */
  public static String word(HopRole role) {
    return role == null ? "hop" : role.name().toLowerCase(Locale.ROOT);
  }

  /** A hop as people name it, in evidence, probe traces and the CLI: role and interface, e.g. "tap vnet3". */
  public static String label(HopRole role, String interfaceName) {
    return word(role) + " " + interfaceName;
  }
}
