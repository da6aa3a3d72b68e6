package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.VlanCount;
import java.util.Optional;

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
    if (from == HopRole.PodInterface && to == HopRole.PodBridge) {
      return "the virt-launcher pod's NAT (masquerade) or in-pod filtering, or the pod interface detached from its bridge?";
    }
    if (to == HopRole.PodVeth || to == HopRole.PodInterface) {
      return "the CNI's routing or filtering on the node, or the pod's veth down?";
    }
    if (from == HopRole.Uplink) {
      return "bridge membership, a blocked or down port, host or bridge filtering?";
    }
    return "the tap's bridge port blocked, detached or down, or bridge filtering?";
  }

  /**
   * A note when the uplink saw the VM's traffic only inside 802.1Q tags and none of it reached the
   * tap: the tag is the first thing to compare with what the VM's bridge expects.
   */
  static Optional<String> vlanMismatch(HopObservation edge, HopObservation tap) {
    long tagged = edge.getVlans().stream().mapToLong(VlanCount::getPackets).sum();
    long seen = edge.getToVm().total() + edge.getFromVm().total();
    if (edge.getRole() != HopRole.Uplink || tagged == 0 || tagged < seen || tap.getToVm().total() > 0) {
      return Optional.empty();
    }
    return Optional.of(PathView.label(edge) + " saw the VM's packets only tagged with "
        + TrafficText.vlans(edge.getVlans()) + ", and none reached " + PathView.label(tap)
        + ": does the VLAN match the one the VM's bridge or port is on?");
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
    if (from == HopRole.PodBridge && to == HopRole.PodInterface) {
      return "the virt-launcher pod's NAT (masquerade) or in-pod filtering, or the pod interface detached from its bridge?";
    }
    if (from == HopRole.PodInterface || from == HopRole.PodVeth) {
      return "the CNI's routing or filtering on the node, or the pod's veth down?";
    }
    if (to == HopRole.Uplink) {
      return "a host firewall, an egress limit on the uplink, or routing?";
    }
    return "a host firewall or an egress limit?";
  }
}
