package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborAdvertisement;
import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborSolicitation;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpData;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpFin;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpOther;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpRst;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSynAck;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.TrafficCounts;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A kind of exchange with the VM: what asks, and what counts as the VM's answer.
 *
 * <p>Why not just "any reply": a guest that answers ARP but drops every TCP SYN is not healthy, and
 * its ARP replies must not hide the unanswered SYNs. So each exchange is judged by its own answers, and
 * what nobody asked for answers nothing (ANY names the case where nothing was asked).
 */
enum Conversation {
  // Inside a connection data, ACKs and FINs go both ways: either side's is the other's answer.
  TCP("TCP", EnumSet.of(TcpSyn, TcpData, TcpFin, TcpOther), EnumSet.of(TcpSynAck, TcpRst, TcpData, TcpFin, TcpOther)),
  PING("ping", EnumSet.of(IcmpEchoRequest), EnumSet.of(IcmpEchoReply)),
  // Someone asking for the VM's own address; the guest kernel answers these whatever its firewall.
  NEIGHBOR("neighbour", EnumSet.of(ArpRequest, NeighborSolicitation), EnumSet.of(ArpReply, NeighborAdvertisement)),
  ANY("any", EnumSet.allOf(PacketKind.class), replyKinds());

  /** A connection's closing packets from its peer: FINs and bare ACKs. */
  private static final Set<PacketKind> CLOSING = EnumSet.of(TcpFin, TcpOther);
  /** At most this many closing packets, unanswered and alone, are a connection's tail rather than a question. */
  static final long LINGERING_CLOSE = 2;

  /** The exchanges somebody can ask the VM; ANY is what is left when none was asked. */
  static final List<Conversation> ASKABLE = List.of(TCP, PING, NEIGHBOR);

  private final String label;
  private final Set<PacketKind> requests;
  private final Set<PacketKind> answers;

  Conversation(String label, Set<PacketKind> requests, Set<PacketKind> answers) {
    this.label = label;
    this.requests = requests;
    this.answers = answers;
  }

  String label() {
    return label;
  }

  Set<PacketKind> requestKinds() {
    return requests;
  }

  Set<PacketKind> answerKinds() {
    return answers;
  }

  /**
   * Packets asking the VM something, travelling towards it at this hop. A connection's last packet or two (FINs, bare
   * ACKs, nothing else of TCP) with no answer ask nothing: the final ACK wants none, a guest whose firewall forgot the
   * connection drops a late FIN, and any answer due may fall after the window's end.
   */
  long requestsAt(HopObservation hop) {
    long asked = sum(hop.getToVm(), requests);
    boolean lingering = this == TCP && asked <= LINGERING_CLOSE && asked == sum(hop.getToVm(), CLOSING)
        && answersAt(hop) == 0;
    return lingering ? 0 : asked;
  }

  /** The VM's answers at this hop that are bound past the edge (not those to the node itself, behind an uplink). */
  long answersLeaving(PathView view, HopObservation hop) {
    return view.leaving(answers).applyAsLong(hop);
  }

  /** The VM's answers leaving it at this hop. */
  long answersAt(HopObservation hop) {
    return sum(hop.getFromVm(), answers);
  }

  /**
   * The first exchange asked at this hop that gets no answer there; ANY when nothing was asked at all (so
   * nothing was answered either); empty when every exchange asked is answered, as on a healthy path. What
   * the VM sends on its own (router solicitations, DHCP, NTP, gratuitous ARP) answers nothing and decides nothing.
   */
  static Optional<Conversation> unansweredAt(HopObservation hop) {
    boolean anyAsked = false;
    for (Conversation c : ASKABLE) {
      if (c.requestsAt(hop) > 0) {
        anyAsked = true;
        if (c.answersAt(hop) == 0) {
          return Optional.of(c);
        }
      }
    }
    return anyAsked ? Optional.empty() : Optional.of(ANY);
  }

  /** Exchanges the VM itself can start, judged the other way round: its own requests, and answers coming to it. */
  static final List<Conversation> STARTED_BY_VM = List.of(TCP, PING);

  /** The VM's own requests of this exchange, leaving it at this hop. */
  long ownRequestsAt(HopObservation hop) {
    return sum(hop.getFromVm(), requests);
  }

  /** Answers to the VM's own requests of this exchange, travelling towards it at this hop. */
  long ownAnswersAt(HopObservation hop) {
    return sum(hop.getToVm(), answers);
  }

  /** The VM's own requests of this exchange at this hop bound past the edge (not those to the node itself). */
  long ownRequestsLeaving(PathView view, HopObservation hop) {
    return view.leaving(requests).applyAsLong(hop);
  }

  /**
   * The first exchange the VM started towards the outside at this hop that no answer came back for; what it asks the
   * node itself never leaves, so it is not followed out.
   */
  static Optional<Conversation> ownUnansweredAt(PathView view, HopObservation hop) {
    return STARTED_BY_VM.stream().filter(c -> c.ownRequestsLeaving(view, hop) > 0 && c.ownAnswersAt(hop) == 0)
        .findFirst();
  }

  /** Requests of every askable exchange travelling towards the VM at this hop. */
  static long askedAt(HopObservation hop) {
    return ASKABLE.stream().mapToLong(c -> c.requestsAt(hop)).sum();
  }

  /** The VM's answers to the exchanges asked at this hop (answers to nothing asked are not counted). */
  static long answeredAt(HopObservation hop) {
    return ASKABLE.stream().filter(c -> c.requestsAt(hop) > 0).mapToLong(c -> c.answersAt(hop)).sum();
  }

  /** As {@link #answeredAt}, counting only the answers bound past the edge. */
  static long answeredLeaving(PathView view, HopObservation hop) {
    return ASKABLE.stream().filter(c -> c.requestsAt(hop) > 0).mapToLong(c -> c.answersLeaving(view, hop)).sum();
  }

  static long sum(TrafficCounts counts, Set<PacketKind> kinds) {
    long n = 0;
    for (PacketKind kind : kinds) {
      n += counts.get(kind);
    }
    return n;
  }

  private static Set<PacketKind> replyKinds() {
    Set<PacketKind> kinds = EnumSet.noneOf(PacketKind.class);
    Arrays.stream(PacketKind.values()).filter(PacketKind::isReply).forEach(kinds::add);
    return kinds;
  }
}
