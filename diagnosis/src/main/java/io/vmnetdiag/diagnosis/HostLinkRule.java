package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.TrafficDirection.ToVm;
import static io.vmnetdiag.diagnosis.PathView.label;

import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * libvirt holds the VM's link down ({@code <link state='down'/>}, virsh domif-setlink): QEMU passes no frame either
 * way while the tap stays up on the node. It decides only when the captures agree: the tap was handed frames for
 * the VM and nothing came from it. A guest whose own agent does not show its NIC up is left to the guest's rules
 * (its interface may be down inside as well); the link state then stays a line of evidence.
 */
final class HostLinkRule {
  /** Where QEMU drops: between the tap and the guest's NIC. */
  static final String LOCATION = "tap->guest";

  private HostLinkRule() {
  }

  static Optional<Finding> find(PathView view, HopObservation tap) {
    if (!view.linkHeldDown() || tap.getToVm().total() == 0 || tap.getFromVm().total() > 0) {
      return Optional.empty();
    }
    Optional<GuestInterface> nic = view.guestNic();
    if (nic.isPresent() && !Boolean.TRUE.equals(nic.get().getUp())) {
      return Optional.empty();
    }
    String agent = nic.map(n -> ", while the guest's own agent shows " + (n.getName() == null ? "its NIC" : n.getName())
        + " up").orElse("");
    // a KubeVirt VM's link is virt-launcher's: its VMI interface's spec state sets it, not virsh
    String fix = view.planned(HopRole.PodBridge)
        ? "KubeVirt reports the VMI interface's linkState down: set its state to up in the VM's spec"
            + " (spec.domain.devices.interfaces[].state)"
        : "virsh domif-setlink " + view.domain().orElse("DOMAIN") + " " + tap.getInterfaceName() + " up";
    String summary = "libvirt holds the link of the VM's NIC down (<link state='down'/>): " + label(tap)
        + ", still up on the node, was handed " + TrafficText.packets(tap.getToVm().total()) + " for " + view.vmName()
        + " (" + TrafficText.kinds(tap, ToVm) + ") and nothing came from the VM" + agent
        + ": QEMU passes no frame either way and the guest sees no carrier (" + fix + ").";
    return Optional.of(Finding.of(VerdictReason.HostLinkDown, LOCATION, summary, List.of(tap))
        .quoting(tap, ToVm, EnumSet.allOf(PacketKind.class)));
  }
}
