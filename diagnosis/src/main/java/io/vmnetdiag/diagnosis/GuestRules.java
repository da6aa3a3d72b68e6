package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.TrafficDirection.FromVm;
import static io.vmnetdiag.api.v1alpha1.TrafficDirection.ToVm;
import static io.vmnetdiag.diagnosis.PathView.label;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The last rules: requests reached the VM's tap and went unanswered, and nothing was lost on the way out.
 * A link libvirt holds down comes first. Then whether the guest takes in what it is handed decides between a guest
 * that reads nothing and one that ignores what it reads. Only answers to what was asked count; what the guest sends on its own (router
 * solicitations, MLD, DHCP, NTP, gratuitous ARP) shows that it transmits, and decides nothing.
 */
final class GuestRules {

  Finding decide(PathView view) {
    return GuestAgentEvidence.noting(decideFromCaptures(view), view);
  }

  private Finding decideFromCaptures(PathView view) {
    HopObservation tap = view.tap();
    // A link libvirt holds down explains a silent guest before anything inside it is blamed.
    Optional<Finding> linkDown = HostLinkRule.find(view, tap);
    if (linkDown.isPresent()) {
      return linkDown.get();
    }
    // The guest's own agent, where it answered, tells a NIC held down or without an address from a wedged stack.
    Optional<Finding> fromAgent = GuestAgentEvidence.interfaceDown(view, tap)
        .or(() -> GuestAgentEvidence.noIpv4(view, tap));
    if (fromAgent.isPresent() && Conversation.answeredAt(tap) == 0) {
      return fromAgent.get();
    }
    boolean answeredNothing = Conversation.answeredAt(tap) == 0;
    List<NeighborLookup> askedAgain = Lookups.askedAgainAfterAnswer(tap);
    // The guest kernel answers ARP and ND itself, whatever its firewall or services: handed the answer to its
    // own question and asking again, or asked for its own address and silent, it is not reading its receive queue.
    if (answeredNothing && (!askedAgain.isEmpty() || Conversation.NEIGHBOR.requestsAt(tap) > 0)) {
      return notProcessingReceive(view, tap, askedAgain);
    }
    List<NeighborLookup> unanswered = Lookups.unanswered(tap);
    if (answeredNothing && !unanswered.isEmpty()) {
      return lookupsGoUnanswered(view, tap, unanswered, received(tap));
    }
    return notResponding(view, tap);
  }

  /**
   * The guest asks for neighbours and no answer reaches its tap: follow its questions out. Lost on the way out,
   * or out and unanswered (its neighbour is down, or it asks for the wrong address): either way it cannot answer.
   * {@code received} completes "The guest behind tap X ...": what was handed to it.
   */
  Finding lookupsGoUnanswered(PathView view, HopObservation tap, List<NeighborLookup> unanswered, String received) {
    HopObservation edge = view.edge().orElseThrow();
    long requests = Lookups.requests(tap, unanswered);
    String asked = requests + (requests == 1 ? " neighbour lookup for " : " neighbour lookups for ")
        + Lookups.describe(unanswered);
    Set<PacketKind> lookupKinds = EnumSet.of(PacketKind.ArpRequest, PacketKind.NeighborSolicitation);
    Predicate<PacketSample> forThem = sample -> unanswered.stream()
        .anyMatch(lookup -> lookup.getAddress().equals(sample.getTarget()));
    if (Lookups.requests(edge, unanswered) == 0) {
      PathView.Segment segment = PathView.firstVanishing(view.outward(), hop -> Lookups.requests(hop, unanswered))
          .orElseThrow();
      String summary = "The guest behind " + label(tap) + received + " and sends " + asked + ", none of which leave "
          + label(edge) + ": they are lost " + segment.describe() + " (" + SegmentHints.egress(segment)
          + "), so the guest cannot answer.";
      return Finding.of(VerdictReason.LostOnEgress, segment.location(), summary, List.of(segment.to(), edge))
          .quoting(new Finding.Quote(tap, FromVm, lookupKinds, forThem, true));
    }
    String summary = "The guest behind " + label(tap) + received + " and sends " + asked + " that leave " + label(edge)
        + ", and no answer comes back: its neighbour does not answer (is it down, or is the guest's gateway address"
        + " wrong?), so the guest cannot answer.";
    return Finding.of(VerdictReason.LostUpstreamOfHost, "upstream", summary, List.of(edge, tap))
        .quoting(new Finding.Quote(edge, FromVm, lookupKinds, forThem, true))
        .quoting(tap, ToVm, EnumSet.of(PacketKind.TcpSyn, PacketKind.IcmpEchoRequest));
  }

  // The seed's case: handed SYNs and the answers to its own ARP, the guest asks again: its stack does not see them.
  private Finding notProcessingReceive(PathView view, HopObservation tap, List<NeighborLookup> askedAgain) {
    GuestNote note = GuestNote.of(view);
    StringBuilder summary = new StringBuilder("The guest behind " + label(tap) + received(tap)
        + " but answered none of them");
    if (!askedAgain.isEmpty()) {
      summary.append(" and kept asking for ").append(Lookups.describe(askedAgain));
    } else {
      summary.append(", not even the ").append(Conversation.NEIGHBOR.requestsAt(tap))
          .append(" neighbour requests for its own address");
    }
    summary.append(ownTraffic(tap)).append(note.text()).append(GuestAgentEvidence.receiveCounters(view, tap))
        .append(": its network stack is not processing received packets (a wedged NIC driver?).");
    Set<PacketKind> handed = EnumSet.of(PacketKind.TcpSyn, PacketKind.IcmpEchoRequest, PacketKind.ArpRequest,
        PacketKind.NeighborSolicitation);
    Set<PacketKind> neighbourAnswers = EnumSet.of(PacketKind.ArpReply, PacketKind.NeighborAdvertisement);
    Set<PacketKind> neighbourRequests = EnumSet.of(PacketKind.ArpRequest, PacketKind.NeighborSolicitation);
    Finding quoted = Finding.of(VerdictReason.GuestNotProcessingReceive, "guest", summary.toString(),
            note.reliesOn(tap))
        .quoting(tap, ToVm, handed)
        .quoting(new Finding.Quote(tap, ToVm, neighbourAnswers, answerTo(askedAgain), false))
        .quoting(new Finding.Quote(tap, FromVm, neighbourRequests, askedAfterAnswer(askedAgain), true));
    Finding finding = askedAgain.isEmpty() ? quoted
        : quoted.noting(label(tap) + ": the guest asked for " + Lookups.describe(askedAgain));
    return view.guest().map(guest -> finding.quoting(guest, FromVm, EnumSet.allOf(PacketKind.class)))
        .orElse(finding);
  }

  // Requests were handed to the guest and its kernel takes them in (or nothing shows otherwise): it ignores them.
  private Finding notResponding(PathView view, HopObservation tap) {
    HopObservation edge = view.edge().orElse(tap);
    // Asked from outside and answered only towards the node itself (its probes): the outside's requests go unanswered.
    Predicate<Conversation> onlyNodeAnswered = c -> c.answersAt(tap) > 0 && c.requestsAt(edge) > 0
        && c.answersAt(edge) == 0 && c.answersLeaving(view, tap) == 0;
    List<Conversation> unansweredAll = Conversation.ASKABLE.stream()
        .filter(c -> c.requestsAt(tap) > 0 && (c.answersAt(tap) == 0 || onlyNodeAnswered.test(c))).toList();
    Conversation unanswered = unansweredAll.isEmpty() ? Conversation.ANY : unansweredAll.get(0);
    Set<PacketKind> unansweredKinds = EnumSet.noneOf(PacketKind.class);
    unansweredAll.forEach(c -> unansweredKinds.addAll(c.requestKinds()));
    Set<PacketKind> answeredKinds = EnumSet.noneOf(PacketKind.class);
    Conversation.ASKABLE.stream().filter(c -> c.requestsAt(tap) > 0 && c.answersAt(tap) > 0)
        .forEach(c -> answeredKinds.addAll(c.answerKinds()));
    GuestNote note = GuestNote.of(view);
    String summary;
    if (tap.getFromVm().total() == 0) {
      summary = "The guest behind " + label(tap) + received(tap) + " but sent nothing at all" + note.text()
          + ": it is down or hung, or its NIC link is down (check its console and the link state).";
    } else if (Conversation.answeredAt(tap) == 0) {
      summary = "The guest behind " + label(tap) + received(tap) + " but answered none of them" + ownTraffic(tap)
          + note.text() + ": it is hung, or not taking in what it receives (nothing it was handed shows which).";
    } else {
      long answered = Conversation.answeredAt(tap);
      long toNode = answered - Conversation.answeredLeaving(view, tap);
      String toNodeText = toNode == 0 ? "" : toNode == answered ? ", all to the node itself"
          : ", " + toNode + " of them to the node itself";
      summary = "The guest behind " + label(tap) + received(tap) + " and answered "
          + TrafficText.packets(answered) + toNodeText + ", but none of its "
          + TrafficText.and(unansweredAll.stream().map(c -> (onlyNodeAnswered.test(c) ? c.requestsAt(edge)
              : c.requestsAt(tap)) + " " + c.label()).toList())
          + " requests" + note.text() + ": the guest itself ignores them (firewall, stopped service or address"
          + " configuration?).";
    }
    return Finding.of(VerdictReason.GuestNotResponding, "guest", summary, note.reliesOn(tap))
        .quoting(tap, ToVm, unansweredAll.isEmpty() ? unanswered.requestKinds() : unansweredKinds)
        .quoting(tap, FromVm, answeredKinds);
  }

  /**
   * " received 36 packets (TCP SYN to 22/80/443, ARP replies)": the requests handed to the guest and the answers to
   * its own lookups; answers to its other own traffic (echo replies, unreachables) asked it nothing.
   */
  static String received(HopObservation tap) {
    Set<PacketKind> kinds = EnumSet.copyOf(Neighbors.ANSWERS);
    Conversation.ASKABLE.forEach(c -> kinds.addAll(c.requestKinds()));
    kinds.retainAll(tap.getToVm().nonZero().keySet());
    return " received " + TrafficText.packets(Conversation.sum(tap.getToVm(), kinds)) + " ("
        + TrafficText.kinds(kinds, tap, ToVm) + ")";
  }

  /** What the guest sent besides its lookups, answering nothing: proof that it still transmits. */
  private static String ownTraffic(HopObservation tap) {
    Set<PacketKind> own = EnumSet.noneOf(PacketKind.class);
    own.addAll(tap.getFromVm().nonZero().keySet());
    own.removeAll(Neighbors.REQUESTS);
    long sent = Conversation.sum(tap.getFromVm(), own);
    return sent == 0 ? "" : " (it still transmits: " + TrafficText.packets(sent) + " of its own, "
        + TrafficText.kinds(own, tap, FromVm) + ")";
  }

  private static Predicate<PacketSample> answerTo(List<NeighborLookup> lookups) {
    return sample -> lookups.stream().anyMatch(lookup -> lookup.getAddress().equals(sample.getTarget()));
  }

  private static Predicate<PacketSample> askedAfterAnswer(List<NeighborLookup> lookups) {
    // Both times are RFC 3339 in UTC with microseconds, so they compare as text; without a time, the latest request stands.
    return sample -> lookups.stream().anyMatch(lookup -> lookup.getAddress().equals(sample.getTarget())
        && (lookup.getFirstAnswer() == null || sample.getTime() == null
        || sample.getTime().compareTo(lookup.getFirstAnswer()) > 0));
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
          : new GuestNote(" (its own capture on " + name + " saw " + seen + " of those packets)", Optional.empty());
    }

    /** The tap's silence always counts; the guest's only when the summary cites it. */
    List<HopObservation> reliesOn(HopObservation tap) {
      List<HopObservation> hops = new ArrayList<>(List.of(tap));
      silentGuest.ifPresent(hops::add);
      return hops;
    }
  }
}
