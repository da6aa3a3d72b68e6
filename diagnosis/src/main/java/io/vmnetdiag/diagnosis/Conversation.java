package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
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
import java.util.Optional;
import java.util.Set;

/**
 * A kind of exchange with the VM: what asks, and what counts as the VM's answer.
 *
 * <p>Why not just "any reply": a guest that answers ARP but drops every TCP SYN is not healthy, and
 * its ARP replies must not hide the unanswered SYNs. So TCP and ping are judged by their own answers;
 * only when neither was asked does any reply count (ANY).
 */
enum Conversation {
  // Inside a connection data, ACKs and FINs go both ways: either side's is the other's answer.
  TCP("TCP", EnumSet.of(TcpSyn, TcpData, TcpFin, TcpOther), EnumSet.of(TcpSynAck, TcpRst, TcpData, TcpFin, TcpOther)),
  PING("ping", EnumSet.of(IcmpEchoRequest), EnumSet.of(IcmpEchoReply)),
  ANY("any", EnumSet.allOf(PacketKind.class), replyKinds());

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

  /** Packets asking the VM something, travelling towards it at this hop. */
  long requestsAt(HopObservation hop) {
    return sum(hop.getToVm(), requests);
  }

  /** The VM's answers leaving it at this hop. */
  long answersAt(HopObservation hop) {
    return sum(hop.getFromVm(), answers);
  }

  /**
   * The first exchange asked at the edge that gets no answer there; empty when every exchange is
   * answered, which is what a healthy path looks like.
   */
  static Optional<Conversation> unansweredAt(HopObservation edge) {
    boolean anyAsked = false;
    for (Conversation c : new Conversation[] {TCP, PING}) {
      if (c.requestsAt(edge) > 0) {
        anyAsked = true;
        if (c.answersAt(edge) == 0) {
          return Optional.of(c);
        }
      }
    }
    if (anyAsked) {
      return Optional.empty();
    }
    return ANY.answersAt(edge) > 0 ? Optional.empty() : Optional.of(ANY);
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
