package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.diagnosis.PathView.label;
import static io.vmnetdiag.diagnosis.SampleLine.Direction.FROM_VM;
import static io.vmnetdiag.diagnosis.SampleLine.Direction.TO_VM;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.TrafficCounts;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The last rules: traffic reached the VM's tap, no answer left the node, and none was lost on the
 * way out. What the guest sent tells whether it ignores what it is handed or nobody answers it.
 */
final class GuestRules {

  Finding decide(PathView view) {
    HopObservation tap = view.tap();
    TrafficCounts sent = tap.getFromVm();
    long asking = Neighbors.requests(sent);
    boolean onlyAsking = asking > 0 && sent.total() == asking;
    return onlyAsking ? onlyAsking(view, tap) : notResponding(view, tap);
  }

  // A guest that only keeps asking who-has (ARP or ND): either it ignores what it is handed, or nobody answers it.
  private Finding onlyAsking(PathView view, HopObservation tap) {
    long neighbourHanded = Conversation.sum(tap.getToVm(), Neighbors.ALL);
    // The guest kernel answers ARP and ND itself, whatever its firewall or services: handed them
    // (answers to its own question, or questions for its address) and still only asking, it is not
    // reading its receive queue. SYNs or pings alone prove less: a healthy guest whose neighbour
    // never answers cannot reply to them either, so that case is followed outwards below.
    if (neighbourHanded > 0) {
      return notProcessingReceive(view, tap);
    }
    HopObservation edge = view.edge().orElseThrow();
    String targets = TrafficText.neighborTargets(tap, view.vmAddress());
    String asked = Neighbors.requestsText(tap.getFromVm()) + (targets.isEmpty() ? "" : " for " + targets);
    if (Neighbors.requests(edge.getFromVm()) == 0) {
      PathView.Segment segment = PathView.firstVanishing(view.outward(), hop -> Neighbors.requests(hop.getFromVm()))
          .orElseThrow();
      String summary = "The guest behind " + label(tap) + " received " + received(view, tap)
          + " and sends only " + asked + ", none of which leave " + label(edge) + ": they are lost "
          + segment.describe() + " (" + SegmentHints.egress(segment) + "), so the guest cannot answer.";
      return Finding.of(VerdictReason.LostOnEgress, segment.location(), summary, List.of(segment.to(), edge))
          .quoting(tap, FROM_VM, Neighbors.REQUESTS);
    }
    String summary = "The guest behind " + label(tap) + " received " + received(view, tap) + " and sends "
        + asked + " that leave " + label(edge) + ", but no " + Neighbors.answerWord(tap.getFromVm())
        + " comes back: its neighbour does not answer"
        + " (is it down, or is the guest's gateway address wrong?), so the guest cannot answer.";
    return Finding.of(VerdictReason.LostUpstreamOfHost, "upstream", summary, List.of(edge, tap))
        .quoting(edge, FROM_VM, Neighbors.REQUESTS)
        .quoting(tap, TO_VM, EnumSet.of(PacketKind.TcpSyn, PacketKind.IcmpEchoRequest));
  }

  // The seed's case: handed SYNs and ARP, the guest only asks again: its stack does not see them.
  private Finding notProcessingReceive(PathView view, HopObservation tap) {
    String targets = TrafficText.neighborTargets(tap, view.vmAddress());
    GuestNote note = GuestNote.of(view);
    String summary = "The guest behind " + label(tap) + " received " + received(view, tap) + " but sent only "
        + Neighbors.requestsText(tap.getFromVm()) + (targets.isEmpty() ? "" : " for " + targets)
        + note.text() + ": its network stack is not processing received packets (a wedged NIC driver?).";
    Set<PacketKind> handed = EnumSet.of(PacketKind.TcpSyn, PacketKind.IcmpEchoRequest);
    handed.addAll(Neighbors.REQUESTS);
    Finding finding = Finding.of(VerdictReason.GuestNotProcessingReceive, "guest", summary, note.reliesOn(tap))
        .quoting(tap, FROM_VM, Neighbors.REQUESTS)
        .quoting(tap, TO_VM, Neighbors.ANSWERS)
        .quoting(tap, TO_VM, handed);
    return view.guest().map(guest -> finding.quoting(guest, FROM_VM, EnumSet.allOf(PacketKind.class)))
        .orElse(finding);
  }

  // Requests were handed to the guest and no answer came out of it: the trouble is inside the VM.
  private Finding notResponding(PathView view, HopObservation tap) {
    HopObservation edge = view.edge().orElseThrow();
    Conversation unanswered = Conversation.unansweredAt(edge).orElseThrow();
    TrafficCounts sent = tap.getFromVm();
    GuestNote note = GuestNote.of(view);
    String summary;
    if (sent.total() == 0) {
      summary = "The guest behind " + label(tap) + " received " + received(view, tap) + " but sent nothing at all"
          + note.text() + ": it is down or hung, or its NIC link is down (check its console and the link state).";
    } else {
      String notAnswered = unanswered == Conversation.ANY ? "none of them"
          : "none of its " + unanswered.requestsAt(tap) + " " + unanswered.label() + " requests";
      summary = "The guest behind " + label(tap) + " received " + received(view, tap) + " and sent "
          + TrafficText.packets(sent.total()) + " (" + TrafficText.kinds(tap, FROM_VM, view.vmAddress())
          + ") but answered " + notAnswered + note.text()
          + ": the guest itself ignores them (firewall, stopped service or address configuration?).";
    }
    return Finding.of(VerdictReason.GuestNotResponding, "guest", summary, note.reliesOn(tap))
        .quoting(tap, TO_VM, unanswered.requestKinds())
        .quoting(tap, FROM_VM, EnumSet.allOf(PacketKind.class));
  }

  private static String received(PathView view, HopObservation tap) {
    return TrafficText.packets(tap.getToVm().total()) + " (" + TrafficText.kinds(tap, TO_VM, view.vmAddress()) + ")";
  }

  /** What the guest's own capture adds, if there is one: whether its stack saw the delivered packets. */
  private record GuestNote(String text, Optional<HopObservation> silentGuest) {
    static GuestNote of(PathView view) {
      Optional<HopObservation> guest = view.guest();
      if (guest.isEmpty()) {
        return new GuestNote("", Optional.empty());
      }
      long seen = guest.get().getToVm().total();
      String name = guest.get().getInterfaceName();
      return seen == 0
          ? new GuestNote(" (its own capture on " + name + " saw none of them)", guest)
          : new GuestNote(" (its own capture on " + name + " saw " + seen + " of them)", Optional.empty());
    }

    /** The tap's silence always counts; the guest's only when the summary cites it. */
    List<HopObservation> reliesOn(HopObservation tap) {
      List<HopObservation> hops = new ArrayList<>(List.of(tap));
      silentGuest.ifPresent(hops::add);
      return hops;
    }
  }
}
