package io.vmnetdiag.api.v1alpha1;

/** How a captured packet is counted. IPv4 and IPv6 share kinds where the meaning is the same. */
public enum PacketKind {
  TcpSyn,
  TcpSynAck,
  TcpRst,
  TcpFin,
  /** TCP segments carrying payload. */
  TcpData,
  /** Other TCP segments (pure ACKs, window updates). */
  TcpOther,
  /** ICMP / ICMPv6 echo request. */
  IcmpEchoRequest,
  /** ICMP / ICMPv6 echo reply. */
  IcmpEchoReply,
  /** ICMP / ICMPv6 destination unreachable. */
  IcmpUnreachable,
  IcmpOther,
  ArpRequest,
  ArpReply,
  /** IPv6 neighbour solicitation: ARP's who-has for IPv6. */
  NeighborSolicitation,
  /** IPv6 neighbour advertisement: ARP's is-at for IPv6. */
  NeighborAdvertisement,
  /** DHCP and DHCPv6. */
  Dhcp,
  /** Other UDP. */
  Udp,
  Other;

  /** True for packets that answer someone: what a healthy VM sends back. */
  public boolean isReply() {
    return switch (this) {
      case TcpSynAck, TcpRst, TcpFin, TcpData, TcpOther, IcmpEchoReply, IcmpUnreachable, ArpReply,
          NeighborAdvertisement -> true;
      default -> false;
    };
  }

  /** True for neighbour resolution requests (ARP who-has, IPv6 neighbour solicitation). */
  public boolean isNeighborRequest() {
    return this == ArpRequest || this == NeighborSolicitation;
  }
}
