package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.diagnosis.PathView.label;

import io.vmnetdiag.api.v1alpha1.GuestCounters;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import java.util.Optional;

/**
 * What the guest's own agent adds once requests reached the tap unanswered: the traced NIC's counters at the
 * start and the end of the window (did the packets the tap delivered reach the guest's NIC?), whether it is up and
 * holds an IPv4 address. Without an agent nothing is guessed: the evidence says it was not read.
 */
final class GuestAgentEvidence {
  private GuestAgentEvidence() {
  }

  /** The traced NIC with counters at both ends of the window. */
  static Optional<GuestInterface> measured(PathView view) {
    return view.guestNic().filter(nic -> nic.delta() != null);
  }

  /**
   * The guest's NIC counted nothing in or out while its tap delivered packets, and nothing proves it up (an IPv6
   * link-local address, which the kernel keeps only on an interface that is up): the guest holds it down.
   */
  static Optional<Finding> interfaceDown(PathView view, HopObservation tap) {
    long delivered = tap.getToVm().total();
    Optional<GuestInterface> frozen = measured(view).filter(nic -> delivered > 0 && nic.delta().getRxPackets() == 0
        && nic.delta().getTxPackets() == 0 && !Boolean.TRUE.equals(nic.getUp()));
    return frozen.map(nic -> Finding.of(VerdictReason.GuestInterfaceDown, "guest", "The guest behind " + label(tap)
            + GuestRules.received(tap) + ", but its own " + name(nic) + " counted none of them and sent nothing (rx "
            + nic.getEnd().getRxPackets() + " and tx " + nic.getEnd().getTxPackets() + " packets stood still during"
            + " the window, its guest agent says) and holds no IPv6 link-local address, which the kernel keeps only"
            + " on an interface that is up: the guest's interface " + name(nic) + " is down inside the guest (ip link"
            + " set " + name(nic) + " up), or its driver is dead.", List.of(tap))
        .noting(line(nic)));
  }

  /** The guest's NIC holds no IPv4 address while the diagnosis asks an IPv4 one: it cannot answer. */
  static Optional<Finding> noIpv4(PathView view, HopObservation tap) {
    if (view.vmAddress() == null || view.vmAddress().contains(":")) {
      return Optional.empty();
    }
    return view.guestNic().filter(nic -> !nic.hasIpv4()).map(nic -> Finding.of(VerdictReason.GuestNotResponding,
            "guest", "The guest behind " + label(tap) + GuestRules.received(tap) + " but answered none of them: its"
                + " own " + name(nic) + " holds no IPv4 address (its guest agent lists "
                + (nic.getAddresses().isEmpty() ? "none at all" : String.join(", ", nic.getAddresses()))
                + "), so it cannot answer for " + view.vmAddress() + " (address configuration: DHCP or a static"
                + " address that was never set?).", List.of(tap))
        .noting(line(nic)));
  }

  /**
   * For the seed's summary: whether what the tap delivered reached the guest's NIC. Rising, the packets die above
   * the NIC's counter; frozen while the guest still transmits, before it. Empty without counters.
   */
  static String receiveCounters(PathView view, HopObservation tap) {
    Optional<GuestInterface> measured = measured(view);
    if (measured.isEmpty()) {
      return "";
    }
    GuestInterface nic = measured.get();
    GuestCounters delta = nic.delta();
    if (delta.getRxPackets() > 0) {
      return "; its own " + name(nic) + " counted " + TrafficText.packets(delta.getRxPackets()) + " in (rx "
          + nic.getStart().getRxPackets() + " -> " + nic.getEnd().getRxPackets() + ", its guest agent says), so"
          + " they reach its NIC and die above it";
    }
    return "; its own " + name(nic) + "'s rx counter stood still at " + nic.getEnd().getRxPackets() + " while its"
        + " tap delivered " + TrafficText.packets(tap.getToVm().total()) + " (its guest agent says), so they die"
        + " before its NIC counts them";
  }

  /** The traced NIC's view as an evidence line. */
  static String line(GuestInterface nic) {
    GuestCounters delta = nic.delta();
    String counters = delta == null ? "" : ", during the window rx +" + delta.getRxPackets() + " (errors +"
        + delta.getRxErrors() + ", dropped +" + delta.getRxDropped() + "), tx +" + delta.getTxPackets() + " (errors +"
        + delta.getTxErrors() + ", dropped +" + delta.getTxDropped() + ")";
    return "guest agent: " + name(nic) + " (" + nic.getMac() + ") "
        + (Boolean.TRUE.equals(nic.getUp()) ? "up" : "not shown up") + ", addresses "
        + (nic.getAddresses().isEmpty() ? "none" : String.join(", ", nic.getAddresses())) + counters;
  }

  /** Adds what the guest agent said, or that there was none: never a guess. */
  static Finding noting(Finding finding, PathView view) {
    Optional<GuestView> guest = view.guestView();
    if (guest.isEmpty()) {
      return finding;
    }
    if (guest.get().getSource() == null) {
      return finding.noting("guest agent: not read (" + guest.get().getAbsent()
          + (guest.get().getMessage() == null ? "" : ": " + guest.get().getMessage())
          + "): the guest's own counters are unknown");
    }
    Optional<GuestInterface> nic = view.guestNic();
    if (nic.isEmpty()) {
      return finding.noting("guest agent: it lists no interface with the VM's MAC");
    }
    String line = line(nic.get());
    return finding.notes().contains(line) ? finding : finding.noting(line);
  }

  private static String name(GuestInterface nic) {
    return nic.getName() == null ? "NIC" : nic.getName();
  }
}
