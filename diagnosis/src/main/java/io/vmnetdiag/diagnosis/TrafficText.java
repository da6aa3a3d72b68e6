package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.TrafficCounts;
import io.vmnetdiag.api.v1alpha1.VlanCount;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns packet counts and sample lines into the words of summaries and evidence. */
final class TrafficText {
  private static final int MAX_PORTS = 5;
  private static final int MAX_VLANS = 3;

  private TrafficText() {
  }

  /** Exact counts by kind, as evidence shows them: "36 TcpSyn, 6 ArpReply", or "nothing". */
  static String counts(TrafficCounts counts) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<PacketKind, Long> e : counts.nonZero().entrySet()) {
      parts.add(e.getValue() + " " + e.getKey());
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  /** What a direction carried, in words: "TCP SYN to 22/80/443, ARP replies". */
  static String kinds(HopObservation hop, TrafficDirection direction) {
    TrafficCounts counts = direction == TrafficDirection.ToVm ? hop.getToVm() : hop.getFromVm();
    return kinds(counts.nonZero().keySet(), hop, direction);
  }

  /** Names the given kinds; TCP SYNs get the ports the samples show them aimed at. */
  static String kinds(Set<PacketKind> present, HopObservation hop, TrafficDirection direction) {
    List<String> words = new ArrayList<>();
    for (PacketKind kind : present) {
      String word = word(kind);
      if (kind == PacketKind.TcpSyn && direction == TrafficDirection.ToVm) {
        String ports = synPorts(hop);
        word = ports.isEmpty() ? word : word + " to " + ports;
      }
      words.add(word);
    }
    return String.join(", ", words);
  }

  /** The addresses the VM looked up (ARP who-has, neighbour solicitations) at this hop, e.g. "10.77.0.1". */
  static String neighborTargets(HopObservation hop) {
    return and(hop.getNeighborLookups().stream().filter(lookup -> lookup.getRequests() > 0)
        .map(NeighborLookup::getAddress).distinct().toList());
  }

  /** "VLAN 700 (42 frames)", "VLANs 700 (40 frames) and 701 (2 frames)": the busiest few ids first. */
  static String vlans(List<VlanCount> vlans) {
    List<String> ids = new ArrayList<>();
    for (VlanCount vlan : vlans.subList(0, Math.min(MAX_VLANS, vlans.size()))) {
      ids.add(vlan.getVlanId() + " (" + vlan.getPackets() + (vlan.getPackets() == 1 ? " frame)" : " frames)"));
    }
    if (vlans.size() > MAX_VLANS) {
      ids.add((vlans.size() - MAX_VLANS) + " more");
    }
    return (vlans.size() == 1 ? "VLAN " : "VLANs ") + and(ids);
  }

  /** "a", "a and b", "a, b and c". */
  static String and(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  /** "packet" or "packets". */
  static String packets(long n) {
    return n + (n == 1 ? " packet" : " packets");
  }

  private static String synPorts(HopObservation hop) {
    Set<Integer> ports = new TreeSet<>();
    for (PacketSample sample : Samples.of(hop, TrafficDirection.ToVm, EnumSet.of(PacketKind.TcpSyn))) {
      if (sample.getDestinationPort() != null) {
        ports.add(sample.getDestinationPort());
      }
    }
    return String.join("/", ports.stream().limit(MAX_PORTS).map(String::valueOf).toList());
  }

  private static String word(PacketKind kind) {
    return switch (kind) {
      case TcpSyn -> "TCP SYN";
      case TcpSynAck -> "TCP SYN-ACK";
      case TcpRst -> "TCP RST";
      case TcpFin -> "TCP FIN";
      case TcpData -> "TCP data";
      case TcpOther -> "TCP ACKs";
      case IcmpEchoRequest -> "pings";
      case IcmpEchoReply -> "ping replies";
      case IcmpUnreachable -> "ICMP unreachables";
      case IcmpOther -> "other ICMP";
      case ArpRequest -> "ARP requests";
      case ArpReply -> "ARP replies";
      case NeighborSolicitation -> "neighbour solicitations";
      case NeighborAdvertisement -> "neighbour advertisements";
      case Dhcp -> "DHCP";
      case Udp -> "UDP";
      case Other -> "other packets";
    };
  }
}
