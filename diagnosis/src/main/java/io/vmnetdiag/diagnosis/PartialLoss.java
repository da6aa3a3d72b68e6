package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.diagnosis.PathView.label;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A path that answers is not healthy when a share of what crosses it vanishes on the way: a third of the SYNs dropped
 * between bridge and tap still lets the rest be answered. Every hop counts within the same kernel-timestamped window,
 * so only the packets in flight at its very end may differ between hops; more than that is loss.
 */
final class PartialLoss {
  /** The share of packets that must vanish on one segment to count as loss. */
  static final double MIN_SHARE = 0.10;
  /** And at least this many: the window's edge may cut a packet or two in flight. */
  static final long MIN_PACKETS = 3;

  private PartialLoss() {
  }

  /** Requests towards the VM, or the VM's answers, partly vanishing on one segment; empty when none do. */
  static Optional<Finding> find(PathView view) {
    Set<PacketKind> requests = EnumSet.noneOf(PacketKind.class);
    Conversation.ASKABLE.forEach(c -> requests.addAll(c.requestKinds()));
    Optional<Finding> inward = partly(view.inward(), hop -> Conversation.askedAt(hop), "requests for " + view.vmName(),
        VerdictReason.LostInsideHost, requests, TrafficDirection.ToVm);
    if (inward.isPresent()) {
      return inward;
    }
    Set<PacketKind> answers = EnumSet.noneOf(PacketKind.class);
    Conversation.ASKABLE.forEach(c -> answers.addAll(c.answerKinds()));
    List<HopObservation> outward = view.outward().stream().filter(hop -> hop != view.guest().orElse(null)).toList();
    // Answers to the node itself (its probes) end on the node: only those bound outside are followed out.
    return partly(outward, hop -> Conversation.answeredLeaving(view, hop), "answers from " + view.vmName(),
        VerdictReason.LostOnEgress, answers, TrafficDirection.FromVm);
  }

  private static Optional<Finding> partly(List<HopObservation> walk, ToLongFunction<HopObservation> count, String what,
      VerdictReason reason, Set<PacketKind> kinds, TrafficDirection direction) {
    for (int i = 0; i + 1 < walk.size(); i++) {
      HopObservation from = walk.get(i);
      HopObservation to = walk.get(i + 1);
      long before = count.applyAsLong(from);
      long lost = before - count.applyAsLong(to);
      if (lost >= MIN_PACKETS && lost >= before * MIN_SHARE) {
        PathView.Segment segment = new PathView.Segment(from, to);
        String summary = lost + " of the " + before + " " + what + " seen at " + label(from) + " ("
            + Math.round(100.0 * lost / before) + " %) did not reach " + label(to)
            + ": the rest were answered, but packets are lost " + segment.describe() + " ("
            + (direction == TrafficDirection.ToVm ? SegmentHints.ingress(segment) : SegmentHints.egress(segment)) + ").";
        return Optional.of(Finding.of(reason, segment.location(), summary, List.of(to))
            .quoting(from, direction, kinds)
            .quoting(to, direction, kinds));
      }
    }
    return Optional.empty();
  }
}
