package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopRole;

/** What usually drops packets on a given segment, as a short question for the reader. */
final class SegmentHints {
  private SegmentHints() {
  }

  /** Suspects for packets towards the VM vanishing on this segment. */
  static String ingress(PathView.Segment segment) {
    HopRole from = segment.from().getRole();
    HopRole to = segment.to().getRole();
    if (from == HopRole.Uplink && to == HopRole.Bridge) {
      return "is the uplink still a bridge port, a VLAN mismatch, a filter on the uplink?";
    }
    if (from == HopRole.Uplink) {
      return "bridge membership, a blocked or down port, host or bridge filtering?";
    }
    return "the tap's bridge port blocked, detached or down, or bridge filtering?";
  }

  /** Suspects for the VM's packets vanishing on this segment on their way out. */
  static String egress(PathView.Segment segment) {
    HopRole from = segment.from().getRole();
    HopRole to = segment.to().getRole();
    if (from == HopRole.Guest) {
      return "a stuck transmit queue in the guest's NIC?";
    }
    if (from == HopRole.Tap) {
      return "an egress limit such as libvirt's pps cap, a blocked or detached port, bridge filtering?";
    }
    if (to == HopRole.Uplink) {
      return "a host firewall, an egress limit on the uplink, or routing?";
    }
    return "a host firewall or an egress limit?";
  }
}
