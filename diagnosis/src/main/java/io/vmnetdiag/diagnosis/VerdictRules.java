package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.diagnosis.PathView.label;
import static io.vmnetdiag.diagnosis.SampleLine.Direction.FROM_VM;
import static io.vmnetdiag.diagnosis.SampleLine.Direction.TO_VM;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The verdict rules along the path, in order; the first that matches decides, and the guest's side
 * comes last. Runs only after the capture gate found the uplink (or bridge) and the tap captured.
 */
final class VerdictRules {
  private final GuestRules guestRules = new GuestRules();
  private final List<Function<PathView, Optional<Finding>>> chain =
      List.of(this::noTraffic, this::healthy, this::lostUpstream, this::lostInsideHost, this::lostOnEgress);

  Finding decide(PathView view) {
    for (Function<PathView, Optional<Finding>> rule : chain) {
      Optional<Finding> finding = rule.apply(view);
      if (finding.isPresent()) {
        return finding.get();
      }
    }
    return guestRules.decide(view);
  }

  // Silence everywhere says nothing about the path: there was nothing to lose.
  private Optional<Finding> noTraffic(PathView view) {
    List<HopObservation> hops = view.usableHops();
    if (hops.stream().anyMatch(hop -> hop.getToVm().total() > 0 || hop.getFromVm().total() > 0)) {
      return Optional.empty();
    }
    String where = TrafficText.and(hops.stream().map(PathView::label).toList());
    return Optional.of(Finding.of(VerdictReason.NoTrafficObserved, Finding.UNKNOWN,
        "No packet to or from " + view.vmName() + " was seen on " + where + " during the capture: generate traffic"
            + " towards the VM (ping it or open ssh to it) while diagnosing, then run again.", hops));
  }

  // Answers leaving the way in prove the whole path both ways; each exchange asked must be answered.
  private Optional<Finding> healthy(PathView view) {
    HopObservation edge = view.edge().orElseThrow();
    if (Conversation.unansweredAt(edge).isPresent()) {
      return Optional.empty();
    }
    Set<PacketKind> replies = Conversation.ANY.answerKinds();
    String summary = "Replies from " + view.vmName() + " leave " + label(edge) + " ("
        + TrafficText.kinds(presentOf(edge.getFromVm().nonZero().keySet(), replies), edge, FROM_VM, view.vmAddress())
        + ", " + Conversation.sum(edge.getFromVm(), replies) + " in all)"
        + (edge.getToVm().total() > 0 ? " for the " + TrafficText.packets(edge.getToVm().total()) + " sent to it" : "")
        + ": the path on this node works.";
    return Optional.of(Finding.of(VerdictReason.PathHealthy, "none", summary, List.of())
        .quoting(edge, TO_VM, EnumSet.allOf(PacketKind.class))
        .quoting(edge, FROM_VM, replies));
  }

  // Nothing for the VM at the way in: whatever is lost is lost before this node.
  private Optional<Finding> lostUpstream(PathView view) {
    HopObservation edge = view.edge().orElseThrow();
    if (edge.getToVm().total() > 0) {
      return Optional.empty();
    }
    HopObservation tap = view.tap();
    StringBuilder summary = new StringBuilder("Nothing addressed to " + view.vmName() + " reached " + label(edge)
        + " during the capture");
    if (edge.getFromVm().total() > 0) {
      summary.append(", although the VM sent ").append(TrafficText.packets(edge.getFromVm().total()))
          .append(" (").append(TrafficText.kinds(edge, FROM_VM, view.vmAddress())).append(") out through it");
    }
    // Answers at the tap with nothing coming in from outside are answers to local peers (the host or
    // another VM on the bridge): the guest works, the outside just never reaches it.
    if (tap.getToVm().total() > 0 && tap.getFromVm().replies() > 0) {
      summary.append("; the VM does answer the traffic that reaches it from this node (")
          .append(tap.getFromVm().replies()).append(" replies at ").append(label(tap)).append(")");
    }
    summary.append(": packets for it are lost before they reach ").append(label(edge))
        .append(" (upstream switch, VLAN, routing, or the clients themselves).");
    return Optional.of(Finding.of(VerdictReason.LostUpstreamOfHost, "upstream", summary.toString(), List.of(edge))
        .quoting(edge, FROM_VM, EnumSet.allOf(PacketKind.class))
        .quoting(tap, TO_VM, EnumSet.allOf(PacketKind.class))
        .quoting(tap, FROM_VM, Conversation.ANY.answerKinds()));
  }

  // The tap is the VM's door: traffic that reaches the way in but not the door is lost on the node.
  private Optional<Finding> lostInsideHost(PathView view) {
    HopObservation edge = view.edge().orElseThrow();
    HopObservation tap = view.tap();
    if (tap.getToVm().total() == 0) {
      return Optional.of(insideHost(view, EnumSet.allOf(PacketKind.class)));
    }
    // One exchange filtered on the way in (SYNs to 22 dropped while ARP passes) is a host loss too.
    Conversation unanswered = Conversation.unansweredAt(edge).orElseThrow();
    if (vanishesBeforeTap(edge, tap, unanswered.requestKinds())) {
      return Optional.of(insideHost(view, unanswered.requestKinds()));
    }
    // So are ARP replies (or neighbour advertisements) for a guest that has not answered: without
    // them it cannot. A guest that did answer had its neighbour already; its answers vanishing on the
    // way out are the loss to report.
    if (unanswered.answersAt(tap) == 0 && vanishesBeforeTap(edge, tap, Neighbors.ANSWERS)) {
      return Optional.of(insideHost(view, Neighbors.ANSWERS));
    }
    return Optional.empty();
  }

  // The VM answered and the answers did not get out: the loss sits on the way back.
  private Optional<Finding> lostOnEgress(PathView view) {
    HopObservation edge = view.edge().orElseThrow();
    Conversation unanswered = Conversation.unansweredAt(edge).orElseThrow();
    Optional<PathView.Segment> lost = PathView.firstVanishing(view.outward(), unanswered::answersAt);
    if (lost.isEmpty()) {
      return Optional.empty();
    }
    PathView.Segment segment = lost.get();
    HopObservation seen = segment.from();
    Set<PacketKind> answers = presentOf(seen.getFromVm().nonZero().keySet(), unanswered.answerKinds());
    String summary = "The guest's " + unanswered.answersAt(seen) + " answers ("
        + TrafficText.kinds(answers, seen, FROM_VM, view.vmAddress()) + ") are seen at " + label(seen)
        + " but none leave " + label(edge) + ": they are lost " + segment.describe() + " ("
        + SegmentHints.egress(segment) + ").";
    return Optional.of(Finding.of(VerdictReason.LostOnEgress, segment.location(), summary,
            List.of(segment.to(), edge))
        .quoting(seen, FROM_VM, answers)
        .quoting(edge, TO_VM, unanswered.requestKinds()));
  }

  private static Finding insideHost(PathView view, Set<PacketKind> kinds) {
    List<HopObservation> walk = view.inward();
    ToLongFunction<HopObservation> count = hop -> Conversation.sum(hop.getToVm(), kinds);
    PathView.Segment segment = PathView.firstVanishing(walk, count).orElseThrow();
    HopObservation edge = walk.get(0);
    HopObservation tap = view.tap();
    Set<PacketKind> present = presentOf(edge.getToVm().nonZero().keySet(), kinds);
    String reached = TrafficText.and(walk.subList(0, walk.indexOf(segment.from()) + 1).stream()
        .map(PathView::label).toList());
    String summary = TrafficText.packets(count.applyAsLong(edge)) + " for " + view.vmName() + " ("
        + TrafficText.kinds(present, edge, TO_VM, view.vmAddress()) + ") reached " + reached
        + " but none of them reached " + label(tap) + ": they are lost " + segment.describe() + " ("
        + SegmentHints.ingress(segment) + ").";
    Finding finding = Finding.of(VerdictReason.LostInsideHost, segment.location(), summary,
            List.of(segment.to(), tap))
        .quoting(segment.from(), TO_VM, present)
        .quoting(edge, TO_VM, present);
    return SegmentHints.vlanMismatch(edge, tap).map(finding::noting).orElse(finding);
  }

  private static boolean vanishesBeforeTap(HopObservation edge, HopObservation tap, Set<PacketKind> kinds) {
    return Conversation.sum(edge.getToVm(), kinds) > 0 && Conversation.sum(tap.getToVm(), kinds) == 0;
  }

  private static Set<PacketKind> presentOf(Set<PacketKind> present, Set<PacketKind> wanted) {
    Set<PacketKind> both = EnumSet.noneOf(PacketKind.class);
    both.addAll(present);
    both.retainAll(wanted);
    return both;
  }
}
