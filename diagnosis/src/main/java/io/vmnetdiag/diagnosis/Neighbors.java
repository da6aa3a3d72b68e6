package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborAdvertisement;
import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborSolicitation;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.TrafficCounts;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Neighbour resolution in both stacks: ARP for IPv4, neighbour discovery for IPv6. A guest that
 * only asks who-has its gateway is the same fact whichever it speaks, so the rules judge them alike
 * and only the words differ.
 */
final class Neighbors {
  /** ARP who-has and neighbour solicitations. */
  static final Set<PacketKind> REQUESTS = Collections.unmodifiableSet(EnumSet.of(ArpRequest, NeighborSolicitation));
  /** ARP is-at and neighbour advertisements. */
  static final Set<PacketKind> ANSWERS = Collections.unmodifiableSet(EnumSet.of(ArpReply, NeighborAdvertisement));
  /** Both: any neighbour resolution traffic. */
  static final Set<PacketKind> ALL = Collections.unmodifiableSet(EnumSet.of(ArpRequest, NeighborSolicitation,
      ArpReply, NeighborAdvertisement));

  private Neighbors() {
  }

  static long requests(TrafficCounts counts) {
    return Conversation.sum(counts, REQUESTS);
  }

  static long answers(TrafficCounts counts) {
    return Conversation.sum(counts, ANSWERS);
  }

  /** "6 ARP requests", "1 neighbour solicitation", or "7 neighbour requests (ARP and ND)". */
  static String requestsText(TrafficCounts counts) {
    long arp = counts.getArpRequest();
    long nd = counts.getNeighborSolicitation();
    long n = arp + nd;
    if (nd == 0) {
      return n + (n == 1 ? " ARP request" : " ARP requests");
    }
    if (arp == 0) {
      return n + (n == 1 ? " neighbour solicitation" : " neighbour solicitations");
    }
    return n + " neighbour requests (ARP and ND)";
  }

  /** What would answer the requests counted: "ARP reply", "neighbour advertisement", or both. */
  static String answerWord(TrafficCounts asked) {
    if (asked.getNeighborSolicitation() == 0) {
      return "ARP reply";
    }
    return asked.getArpRequest() == 0 ? "neighbour advertisement" : "ARP reply or neighbour advertisement";
  }
}
