package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.EnumMap;
import java.util.Map;

/** Packet counts by kind for one direction at one hop; kinds never seen are left out. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public class TrafficCounts {
  @JsonPropertyDescription("TCP segments with SYN only (connection attempts).")
  private long tcpSyn;
  @JsonPropertyDescription("TCP segments with SYN and ACK (connection accepted).")
  private long tcpSynAck;
  @JsonPropertyDescription("TCP segments with RST (connection refused or reset).")
  private long tcpRst;
  @JsonPropertyDescription("TCP segments with FIN (connection closing).")
  private long tcpFin;
  @JsonPropertyDescription("TCP segments carrying data.")
  private long tcpData;
  @JsonPropertyDescription("Other TCP segments (pure ACKs, window updates).")
  private long tcpOther;
  @JsonPropertyDescription("ICMP echo requests (ping).")
  private long icmpEchoRequest;
  @JsonPropertyDescription("ICMP echo replies.")
  private long icmpEchoReply;
  @JsonPropertyDescription("ICMP / ICMPv6 destination unreachable.")
  private long icmpUnreachable;
  @JsonPropertyDescription("Other ICMP / ICMPv6 messages.")
  private long icmpOther;
  @JsonPropertyDescription("ARP requests (who-has).")
  private long arpRequest;
  @JsonPropertyDescription("ARP replies (is-at).")
  private long arpReply;
  @JsonPropertyDescription("IPv6 neighbour solicitations (who-has for IPv6).")
  private long neighborSolicitation;
  @JsonPropertyDescription("IPv6 neighbour advertisements (is-at for IPv6).")
  private long neighborAdvertisement;
  @JsonPropertyDescription("DHCP and DHCPv6 messages.")
  private long dhcp;
  @JsonPropertyDescription("Other UDP datagrams.")
  private long udp;
  @JsonPropertyDescription("Anything else.")
  private long other;

  /** Adds {@code n} packets of the given kind. */
  public void add(PacketKind kind, long n) {
    switch (kind) {
      case TcpSyn -> tcpSyn += n;
      case TcpSynAck -> tcpSynAck += n;
      case TcpRst -> tcpRst += n;
      case TcpFin -> tcpFin += n;
      case TcpData -> tcpData += n;
      case TcpOther -> tcpOther += n;
      case IcmpEchoRequest -> icmpEchoRequest += n;
      case IcmpEchoReply -> icmpEchoReply += n;
      case IcmpUnreachable -> icmpUnreachable += n;
      case IcmpOther -> icmpOther += n;
      case ArpRequest -> arpRequest += n;
      case ArpReply -> arpReply += n;
      case NeighborSolicitation -> neighborSolicitation += n;
      case NeighborAdvertisement -> neighborAdvertisement += n;
      case Dhcp -> dhcp += n;
      case Udp -> udp += n;
      case Other -> other += n;
    }
  }

  /** Adds every count of {@code other} to these. */
  public void addAll(TrafficCounts other) {
    for (PacketKind kind : PacketKind.values()) {
      add(kind, other.get(kind));
    }
  }

  /** The count of one kind. */
  public long get(PacketKind kind) {
    return switch (kind) {
      case TcpSyn -> tcpSyn;
      case TcpSynAck -> tcpSynAck;
      case TcpRst -> tcpRst;
      case TcpFin -> tcpFin;
      case TcpData -> tcpData;
      case TcpOther -> tcpOther;
      case IcmpEchoRequest -> icmpEchoRequest;
      case IcmpEchoReply -> icmpEchoReply;
      case IcmpUnreachable -> icmpUnreachable;
      case IcmpOther -> icmpOther;
      case ArpRequest -> arpRequest;
      case ArpReply -> arpReply;
      case NeighborSolicitation -> neighborSolicitation;
      case NeighborAdvertisement -> neighborAdvertisement;
      case Dhcp -> dhcp;
      case Udp -> udp;
      case Other -> other;
    };
  }

  /** All packets in this direction. */
  @JsonIgnore
  public long total() {
    long sum = 0;
    for (PacketKind kind : PacketKind.values()) {
      sum += get(kind);
    }
    return sum;
  }

  /** Packets that answer someone (see {@link PacketKind#isReply()}). */
  @JsonIgnore
  public long replies() {
    long sum = 0;
    for (PacketKind kind : PacketKind.values()) {
      if (kind.isReply()) {
        sum += get(kind);
      }
    }
    return sum;
  }

  /** The non-zero counts, in kind order. */
  @JsonIgnore
  public Map<PacketKind, Long> nonZero() {
    Map<PacketKind, Long> counts = new EnumMap<>(PacketKind.class);
    for (PacketKind kind : PacketKind.values()) {
      if (get(kind) > 0) {
        counts.put(kind, get(kind));
      }
    }
    return counts;
  }

  public long getTcpSyn() { return tcpSyn; }
  public void setTcpSyn(long tcpSyn) { this.tcpSyn = tcpSyn; }
  public long getTcpSynAck() { return tcpSynAck; }
  public void setTcpSynAck(long tcpSynAck) { this.tcpSynAck = tcpSynAck; }
  public long getTcpRst() { return tcpRst; }
  public void setTcpRst(long tcpRst) { this.tcpRst = tcpRst; }
  public long getTcpOther() { return tcpOther; }
  public void setTcpOther(long tcpOther) { this.tcpOther = tcpOther; }
  public long getIcmpEchoRequest() { return icmpEchoRequest; }
  public void setIcmpEchoRequest(long icmpEchoRequest) { this.icmpEchoRequest = icmpEchoRequest; }
  public long getIcmpEchoReply() { return icmpEchoReply; }
  public void setIcmpEchoReply(long icmpEchoReply) { this.icmpEchoReply = icmpEchoReply; }
  public long getIcmpOther() { return icmpOther; }
  public void setIcmpOther(long icmpOther) { this.icmpOther = icmpOther; }
  public long getArpRequest() { return arpRequest; }
  public void setArpRequest(long arpRequest) { this.arpRequest = arpRequest; }
  public long getArpReply() { return arpReply; }
  public void setArpReply(long arpReply) { this.arpReply = arpReply; }
  public long getOther() { return other; }
  public void setOther(long other) { this.other = other; }
  public long getTcpFin() { return tcpFin; }
  public void setTcpFin(long tcpFin) { this.tcpFin = tcpFin; }
  public long getTcpData() { return tcpData; }
  public void setTcpData(long tcpData) { this.tcpData = tcpData; }
  public long getIcmpUnreachable() { return icmpUnreachable; }
  public void setIcmpUnreachable(long icmpUnreachable) { this.icmpUnreachable = icmpUnreachable; }
  public long getNeighborSolicitation() { return neighborSolicitation; }
  public void setNeighborSolicitation(long neighborSolicitation) { this.neighborSolicitation = neighborSolicitation; }
  public long getNeighborAdvertisement() { return neighborAdvertisement; }
  public void setNeighborAdvertisement(long neighborAdvertisement) { this.neighborAdvertisement = neighborAdvertisement; }
  public long getDhcp() { return dhcp; }
  public void setDhcp(long dhcp) { this.dhcp = dhcp; }
  public long getUdp() { return udp; }
  public void setUdp(long udp) { this.udp = udp; }
}
