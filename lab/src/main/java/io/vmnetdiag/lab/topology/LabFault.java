package io.vmnetdiag.lab.topology;

/**
 * The faults {@code lab-fault.sh} injects; each is an nftables table in one of the lab's namespaces, but for the
 * tap's bridge port state.
 */
public enum LabFault {
  /** The seed's wedged guest NIC: the guest's eth0 drops everything it receives; the guest only ARPs. */
  GUEST_RX_DROP("guest-rx-drop"),
  /** The guest's firewall drops TCP to the VM's ports; ARP and ping work. */
  GUEST_FIREWALL("guest-firewall"),
  /** The node's bridge drops everything it would forward to the tap: packets reach the uplink, not the tap. */
  BRIDGE_DROP("bridge-drop"),
  /** The node's bridge drops the VM's IP frames it would forward from the tap: replies do not leave the uplink. */
  EGRESS_DROP("egress-drop"),
  /** The upstream network drops everything for the VM before the node: nothing reaches the uplink. */
  UPSTREAM_DROP("upstream-drop"),
  /** The VM's tap port on the node's bridge in STP state disabled: the bridge forwards nothing to or from it. */
  TAP_PORT_DISABLED("tap-port-disabled");

  private final String scriptName;

  LabFault(String scriptName) {
    this.scriptName = scriptName;
  }

  /** The action {@code lab-fault.sh} takes for it. */
  public String scriptName() {
    return scriptName;
  }
}
