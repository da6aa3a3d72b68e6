package io.vmnetdiag.api.v1alpha1;

import java.util.Locale;

/** The kinds of hop on a VM's path, outside in. */
public enum HopRole {
  /** The node's NIC towards the network (a bridge member that is not a VM device). */
  Uplink,
  /** The Linux bridge joining uplink and VM devices. */
  Bridge,
  /** The VM's backend device on the node (tap / vnetN). */
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
