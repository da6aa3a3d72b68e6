package io.vmnetdiag.operator.kubevirt;

import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Interface;
import java.util.Set;

/** How a VMI interface is bound to its network, in KubeVirt's own words, and which bindings the agent traces. */
final class VmiBindings {
  /** The bindings whose in-pod hops the agent knows (KubeVirt's eth0-nic/k6t-eth0/tap0 and its NAT). */
  static final Set<String> SUPPORTED = Set.of("bridge", "masquerade");

  private VmiBindings() {
  }

  /** bridge, masquerade, sriov, slirp, passt, macvtap, a binding plugin's name, or null when none is set. */
  static String of(Interface iface) {
    if (iface.bridge() != null) {
      return "bridge";
    }
    if (iface.masquerade() != null) {
      return "masquerade";
    }
    if (iface.sriov() != null) {
      return "sriov";
    }
    if (iface.slirp() != null) {
      return "slirp";
    }
    if (iface.passt() != null) {
      return "passt";
    }
    if (iface.macvtap() != null) {
      return "macvtap";
    }
    return iface.binding() == null ? null : iface.binding().name();
  }
}
