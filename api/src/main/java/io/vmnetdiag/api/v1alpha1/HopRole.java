package io.vmnetdiag.api.v1alpha1;

/** The kinds of hop on a VM's path, outside in. */
public enum HopRole {
  /** The node's NIC towards the network (a bridge member that is not a VM device). */
  Uplink,
  /** The Linux bridge joining uplink and VM devices. */
  Bridge,
  /** The VM's backend device on the node (tap / vnetN). */
  Tap,
  /** The NIC inside the guest. */
  Guest
}
