package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.diagnosis.PathView.label;
import static io.vmnetdiag.api.v1alpha1.TrafficDirection.FromVm;
import static io.vmnetdiag.api.v1alpha1.TrafficDirection.ToVm;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
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
      List.of(this::noTraffic, this::healthy, this::quietOutside, this::lostInsideHost, this::lostOnEgress);

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

  // Every exchange asked at the way in answered there proves the whole path both ways.
  private Optional<Finding> healthy(PathView view) {
    HopObservation edge = view.edge().orElseThrow();
    if (Conversation.unansweredAt(edge).isPresent()) {
      return Optional.empty();
    }
    Optional<Finding> partialLoss = PartialLoss.find(view);
    if (partialLoss.isPresent()) {
      return partialLoss;
    }
    Set<PacketKind> answers = answerKindsAskedAt(edge);
    String summary = "Replies from " + view.vmName() + " leave " + label(edge) + " ("
        + TrafficText.kinds(presentOf(edge.getFromVm().nonZero().keySet(), answers), edge, FromVm)
        + ", " + Conversation.answeredAt(edge) + " in all) for the " + TrafficText.packets(Conversation.askedAt(edge))
        + " asking it something: the path on this node works.";
    return Optional.of(Finding.of(VerdictReason.PathHealthy, "none", summary, List.of())
        .quoting(edge, ToVm, requestKindsAskedAt(edge))
        .quoting(edge, FromVm, answers));
  }

  /**
   * Nobody outside asked the VM anything at the way in. What the node itself asked (probes, local peers) and
   * what the VM asked on its own still tell something, but never a loss upstream without a packet that was
   * sent there and lost.
   */
  private Optional<Finding> quietOutside(PathView view) {
    HopObservation edge = view.edge().orElseThrow();
    if (Conversation.askedAt(edge) > 0) {
      return Optional.empty();
    }
    HopObservation tap = view.tap();
    boolean nodeAsked = Conversation.askedAt(tap) > 0;
    if (nodeAsked && Conversation.unansweredAt(tap).isPresent()) {
      return Optional.of(guestRules.decide(view));
    }
    // The VM's own requests going out unanswered are evidence of a loss, whatever the node's own probes showed.
    String handed = nodeAsked ? " answered what the node sent it" : " was asked nothing";
    List<NeighborLookup> unanswered = Lookups.unanswered(tap);
    if (!unanswered.isEmpty()) {
      return Optional.of(guestRules.lookupsGoUnanswered(view, tap, unanswered, handed));
    }
    Optional<Conversation> ownUnanswered = Conversation.ownUnansweredAt(view, tap);
    if (ownUnanswered.isPresent()) {
      return Optional.of(ownRequestsGoUnanswered(view, edge, tap, ownUnanswered.get(), handed));
    }
    if (nodeAsked) {
      return Optional.of(upstreamUntested(view, edge, tap));
    }
    List<NeighborLookup> answered = tap.getNeighborLookups().stream()
        .filter(lookup -> lookup.getRequests() > 0 && lookup.getAnswers() > 0).toList();
    List<Conversation> ownAnswered = Conversation.STARTED_BY_VM.stream()
        .filter(c -> c.ownRequestsAt(edge) > 0 && c.ownAnswersAt(edge) > 0 && c.ownAnswersAt(tap) > 0).toList();
    String own = TrafficText.kinds(tap, FromVm);
    if ((!answered.isEmpty() || !ownAnswered.isEmpty()) && Lookups.askedAgainAfterAnswer(tap).isEmpty()) {
      Set<PacketKind> requests = EnumSet.copyOf(Neighbors.REQUESTS);
      Set<PacketKind> answers = EnumSet.copyOf(Neighbors.ANSWERS);
      ownAnswered.forEach(c -> {
        requests.addAll(c.requestKinds());
        answers.addAll(c.answerKinds());
      });
      String summary = "Nobody asked " + view.vmName() + " anything during the capture, but its own requests ("
          + TrafficText.kinds(presentOf(tap.getFromVm().nonZero().keySet(), requests), tap, FromVm) + ") leave "
          + label(edge) + " and their answers reach " + label(tap) + " and are taken in: the path on this node works"
          + " both ways for the VM's own traffic.";
      return Optional.of(Finding.of(VerdictReason.PathHealthy, "none", summary, List.of())
          .quoting(edge, FromVm, requests)
          .quoting(tap, ToVm, answers));
    }
    String closing = closingFromOutside(edge);
    String summary = "Nobody asked " + view.vmName() + " anything during the capture"
        + (closing.isEmpty() ? "; " : "; only " + closing + ", which asks nothing, reached " + label(edge) + ", and ")
        + (own.isEmpty() ? "it sent nothing of its own" : "it only sent traffic of its own (" + own + ")")
        + ", which proves nothing about the path: send traffic towards the VM"
        + " (ping it or open ssh to it), or let the agent probe it, and run again.";
    return Optional.of(Finding.of(VerdictReason.NoTrafficObserved, Finding.UNKNOWN, summary, view.usableHops())
        .quoting(tap, FromVm, EnumSet.allOf(PacketKind.class))
        .quoting(edge, ToVm, Conversation.TCP.requestKinds()));
  }

  // The VM's own pings or connections get no answer and nobody asks it anything: sent, and lost on the way out or beyond.
  private static Finding ownRequestsGoUnanswered(PathView view, HopObservation edge, HopObservation tap,
      Conversation started, String handed) {
    ToLongFunction<HopObservation> leaving = hop -> started.ownRequestsLeaving(view, hop);
    String sent = "The guest behind " + label(tap) + handed + " and sends "
        + TrafficText.packets(leaving.applyAsLong(tap)) + " of its own (" + TrafficText.kinds(
        presentOf(tap.getFromVm().nonZero().keySet(), started.requestKinds()), tap, FromVm) + ")";
    if (leaving.applyAsLong(edge) == 0) {
      PathView.Segment segment = PathView.firstVanishing(view.outward(), leaving).orElseThrow();
      return Finding.of(VerdictReason.LostOnEgress, segment.location(), sent + ", none of which leave " + label(edge)
              + ": they are lost " + segment.describe() + " (" + SegmentHints.egress(segment) + ").",
              List.of(segment.to(), edge))
          .quoting(tap, FromVm, started.requestKinds());
    }
    return Finding.of(VerdictReason.LostUpstreamOfHost, "upstream", sent + " that leave " + label(edge)
            + ", and no answer comes back: they are lost beyond the node (upstream switch, VLAN, routing, or the peers"
            + " themselves).", List.of(edge, tap))
        .quoting(edge, FromVm, started.requestKinds());
  }

  // The node's own requests were answered at the tap, and nothing came from outside: only half the path is tested.
  private static Finding upstreamUntested(PathView view, HopObservation edge, HopObservation tap) {
    Set<PacketKind> answers = answerKindsAskedAt(tap);
    String kinds = TrafficText.kinds(presentOf(tap.getToVm().nonZero().keySet(), requestKindsAskedAt(tap)), tap, ToVm);
    String closing = closingFromOutside(edge);
    // The closing packets may be among the tap's too, so the tap's requests are not all the node's own then.
    String summary = (closing.isEmpty()
        ? "All " + TrafficText.packets(Conversation.askedAt(tap)) + " the node sent to " + view.vmName() + " (" + kinds
            + ") were answered (" + Conversation.answeredAt(tap) + " answers at " + label(tap) + ")"
        : "The " + TrafficText.packets(Conversation.askedAt(tap)) + " handed to " + view.vmName() + " at " + label(tap)
            + " (" + kinds + ") got " + Conversation.answeredAt(tap) + " answers there")
        + ", so the path on this node works; " + (closing.isEmpty() ? "nothing from outside reached " + label(edge)
        + " during the capture" : "from outside only " + closing + " reached " + label(edge) + ", which asks nothing")
        + ", so the path upstream of it is untested: send traffic from a client while diagnosing.";
    return Finding.of(VerdictReason.UpstreamUntested, "none", summary, List.of(edge))
        .quoting(tap, ToVm, requestKindsAskedAt(tap))
        .quoting(tap, FromVm, answers)
        .quoting(edge, ToVm, Conversation.TCP.requestKinds());
  }

  /**
   * "1 packet closing a connection (TCP FIN)": what of TCP reached an edge where nothing was asked, that is the last
   * packet or two of a connection (see {@link Conversation#requestsAt}); empty when none did.
   */
  private static String closingFromOutside(HopObservation edge) {
    Set<PacketKind> closing = presentOf(edge.getToVm().nonZero().keySet(), Conversation.TCP.requestKinds());
    return closing.isEmpty() ? "" : TrafficText.packets(Conversation.sum(edge.getToVm(), closing))
        + " closing a connection (" + TrafficText.kinds(closing, edge, ToVm) + ")";
  }

  private static Set<PacketKind> requestKindsAskedAt(HopObservation hop) {
    Set<PacketKind> kinds = EnumSet.noneOf(PacketKind.class);
    Conversation.ASKABLE.stream().filter(c -> c.requestsAt(hop) > 0).forEach(c -> kinds.addAll(c.requestKinds()));
    return kinds;
  }

  private static Set<PacketKind> answerKindsAskedAt(HopObservation hop) {
    Set<PacketKind> kinds = EnumSet.noneOf(PacketKind.class);
    Conversation.ASKABLE.stream().filter(c -> c.requestsAt(hop) > 0).forEach(c -> kinds.addAll(c.answerKinds()));
    return kinds;
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
    if (unanswered.answersLeaving(view, tap) == 0 && vanishesBeforeTap(edge, tap, Neighbors.ANSWERS)) {
      return Optional.of(insideHost(view, Neighbors.ANSWERS));
    }
    return Optional.empty();
  }

  // The VM answered and the answers did not get out: the loss sits on the way back. Its answers to the node itself
  // (to the node's probes) end on the node and are never expected past it.
  private Optional<Finding> lostOnEgress(PathView view) {
    HopObservation edge = view.edge().orElseThrow();
    Conversation unanswered = Conversation.unansweredAt(edge).orElseThrow();
    ToLongFunction<HopObservation> leaving = hop -> unanswered.answersLeaving(view, hop);
    Optional<PathView.Segment> lost = PathView.firstVanishing(view.outward(), leaving);
    if (lost.isEmpty()) {
      return Optional.empty();
    }
    PathView.Segment segment = lost.get();
    HopObservation seen = segment.from();
    Set<PacketKind> answers = presentOf(seen.getFromVm().nonZero().keySet(), unanswered.answerKinds());
    String summary = "The guest's " + leaving.applyAsLong(seen) + " answers ("
        + TrafficText.kinds(answers, seen, FromVm) + ") are seen at " + label(seen)
        + " but none leave " + label(edge) + ": they are lost " + segment.describe() + " ("
        + SegmentHints.egress(segment) + ").";
    return Optional.of(Finding.of(VerdictReason.LostOnEgress, segment.location(), summary,
            List.of(segment.to(), edge))
        .quoting(seen, FromVm, answers)
        .quoting(edge, ToVm, unanswered.requestKinds()));
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
        + TrafficText.kinds(present, edge, ToVm) + ") reached " + reached
        + " but none of them reached " + label(tap) + ": they are lost " + segment.describe() + " ("
        + SegmentHints.ingress(segment) + ").";
    Finding finding = Finding.of(VerdictReason.LostInsideHost, segment.location(), summary,
            List.of(segment.to(), tap))
        .quoting(segment.from(), ToVm, present)
        .quoting(edge, ToVm, present);
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
