package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.diagnosis.PathView.label;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * A diagnosis aimed at an address the VM does not use proves nothing: requests to it go unanswered by any VM, and
 * answers the VM gives for its real address are no answers to them. When the VM's own frames show addresses of the
 * same family and none is the one given (by the spec, the guest agent or a neighbour table), say so instead of
 * blaming the guest or calling the path healthy.
 */
final class AddressCheck {
  Optional<Finding> mismatch(PathView view) {
    String target = view.vmAddress();
    if (target == null || view.addressObserved()) {
      return Optional.empty();
    }
    Optional<HopObservation> addressed = view.addressed();
    if (addressed.isEmpty()) {
      return Optional.empty();
    }
    HopObservation hop = addressed.get();
    boolean ipv6 = target.contains(":");
    List<String> sameFamily = hop.getVmSourceAddresses().stream()
        .filter(address -> address.contains(":") == ipv6 && !address.startsWith("fe80:")).toList();
    if (sameFamily.isEmpty() || sameFamily.contains(target)) {
      return Optional.empty();
    }
    String summary = "The diagnosis targets " + target + " but the VM's own frames at " + label(hop) + " come from "
        + TrafficText.and(sameFamily) + ": " + target + " is not (or no longer) its address, so what was asked of "
        + target + " proves nothing; correct spec.target.libvirt.address, or leave it out to learn it, and run again.";
    return Optional.of(Finding.of(VerdictReason.AddressMismatch, Finding.UNKNOWN, summary, List.of())
        .quoting(hop, TrafficDirection.FromVm, EnumSet.of(PacketKind.ArpRequest, PacketKind.ArpReply,
            PacketKind.NeighborSolicitation, PacketKind.NeighborAdvertisement)));
  }
}
