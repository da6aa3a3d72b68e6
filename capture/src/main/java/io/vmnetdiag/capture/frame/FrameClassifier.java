package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_UDP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_ARP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV4;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.matches;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import java.util.List;

/**
 * Classifies raw Ethernet frames by direction relative to one VM and by packet kind, and notes in
 * {@link #lastFacts()} where the frame's VLAN id, addresses and ports are. Hand-parsed for speed (it
 * runs once per captured packet); never throws and allocates nothing. Not thread-safe: one
 * classifier per capture thread, because the facts of the last frame live in it.
 */
public final class FrameClassifier {
  private static final int TCP_DATA_OFFSET = 12;
  private static final int TCP_FLAGS = 13;
  private static final int TCP_FIN = 0x01;
  private static final int TCP_SYN = 0x02;
  private static final int TCP_RST = 0x04;
  private static final int TCP_ACK = 0x10;
  private static final int BOOTP_CHADDR = 28;

  private final byte[] vmMac;
  private final byte[] vmIpv4;
  private final byte[] vmIpv6;
  private final FrameFacts facts = new FrameFacts();
  /** MACs whose frames towards the VM are not counted here (the node's own, at its uplink); usually none. */
  private byte[][] ignoredSenders = new byte[0][];
  /** The node's own MACs: frames from the VM to one of them end on the node. */
  private byte[][] nodeMacs = new byte[0][];

  /** {@code vmMac}: 6 bytes; {@code vmAddress}: 4 or 16 bytes, or null when the VM's IP is unknown. */
  public FrameClassifier(byte[] vmMac, byte[] vmAddress) {
    this(vmMac, vmAddress != null && vmAddress.length == 4 ? vmAddress : null,
        vmAddress != null && vmAddress.length != 4 ? vmAddress : null);
  }

  /** A dual-stack VM: either address may be null. */
  public FrameClassifier(byte[] vmMac, byte[] vmIpv4, byte[] vmIpv6) {
    if (vmMac == null || vmMac.length != 6) {
      throw new IllegalArgumentException("VM MAC must be 6 bytes");
    }
    if (vmIpv4 != null && vmIpv4.length != 4 || vmIpv6 != null && vmIpv6.length != 16) {
      throw new IllegalArgumentException("VM address must be 4 (IPv4) or 16 (IPv6) bytes");
    }
    this.vmMac = vmMac.clone();
    this.vmIpv4 = vmIpv4 == null ? null : vmIpv4.clone();
    this.vmIpv6 = vmIpv6 == null ? null : vmIpv6.clone();
  }

  /**
   * Frames towards the VM sent by one of these MACs count as unrelated: at the node's uplink, what the node itself
   * sends out towards the VM (its probes, flooded while the bridge has not learned the VM's port) is no traffic
   * from outside. Call before classifying.
   */
  public FrameClassifier ignoringTowardsVmFrom(List<byte[]> senders) {
    ignoredSenders = macs(senders);
    return this;
  }

  /**
   * Frames from the VM addressed to one of these MACs (the node's uplink and bridge) are marked in
   * {@link FrameFacts#isToNode()}: the bridge delivers them to the node's own stack, so they never cross the
   * uplink (answers to the node's probes, to its local peers). Call before classifying.
   */
  public FrameClassifier knowingNode(List<byte[]> macs) {
    nodeMacs = macs(macs);
    return this;
  }

  private static byte[][] macs(List<byte[]> macs) {
    for (byte[] mac : macs) {
      if (mac == null || mac.length != 6) {
        throw new IllegalArgumentException("A MAC must be 6 bytes");
      }
    }
    return macs.stream().map(byte[]::clone).toArray(byte[][]::new);
  }

  /** Classifies a whole captured frame. */
  public FrameClass classify(byte[] frame) {
    return classify(frame, frame == null ? 0 : frame.length);
  }

  /** Classifies the first {@code length} captured bytes of {@code frame}. */
  public FrameClass classify(byte[] frame, int length) {
    int len = frame == null ? 0 : Math.min(Math.max(length, 0), frame.length);
    facts.reset(len);
    if (len < 12) {
      return FrameClass.of(null, PacketKind.Other);
    }
    Direction byMac = matches(frame, 6, vmMac) ? Direction.FromVm
        : matches(frame, 0, vmMac) ? Direction.ToVm : null;
    if (len >= 16 && FrameBytes.isVlanTag(u16(frame, 12))) {
      facts.vlan(u16(frame, 14) & 0x0fff);
    }
    int network = FrameLayout.networkOffset(frame, len);
    if (network < 0) {
      return FrameClass.of(byMac, PacketKind.Other);
    }
    FrameClass frameClass = switch (u16(frame, network - 2)) {
      case TYPE_ARP -> arp(frame, len, network, byMac);
      case TYPE_IPV4 -> ipv4(frame, len, network, byMac);
      case TYPE_IPV6 -> ipv6(frame, len, network, byMac);
      default -> FrameClass.of(byMac, PacketKind.Other);
    };
    if (frameClass.direction() == Direction.FromVm && anyAt(frame, 0, nodeMacs)) {
      facts.toNode();
    }
    return frameClass.direction() == Direction.ToVm && anyAt(frame, 6, ignoredSenders)
        ? FrameClass.of(null, frameClass.kind()) : frameClass;
  }

  private static boolean anyAt(byte[] frame, int offset, byte[][] macs) {
    for (byte[] mac : macs) {
      if (matches(frame, offset, mac)) {
        return true;
      }
    }
    return false;
  }

  /** Where the last classified frame keeps its VLAN id, addresses and ports; overwritten by the next call. */
  public FrameFacts lastFacts() {
    return facts;
  }

  private FrameClass arp(byte[] f, int len, int arp, Direction byMac) {
    if (len < arp + 8) {
      return FrameClass.of(byMac, PacketKind.Other);
    }
    PacketKind kind = switch (u16(f, arp + 6)) {
      case 1 -> PacketKind.ArpRequest;
      case 2 -> PacketKind.ArpReply;
      default -> PacketKind.Other;
    };
    Direction direction = byMac;
    boolean ethernetIpv4 = u16(f, arp) == 1 && u16(f, arp + 2) == TYPE_IPV4
        && u8(f, arp + 4) == 6 && u8(f, arp + 5) == 4;
    if (ethernetIpv4 && len >= arp + 28) {
      facts.arpSender(arp + 14);
      // A request asks for its target address; a reply announces its sender's.
      facts.neighborTarget(kind == PacketKind.ArpReply ? arp + 14 : arp + 24, 4);
    }
    if (direction == null && ethernetIpv4 && vmIpv4 != null && len >= arp + 28) {
      // A broadcast who-has for the VM's IP is meant for the VM, whoever else sees it.
      direction = matches(f, arp + 14, vmIpv4) ? Direction.FromVm
          : matches(f, arp + 24, vmIpv4) ? Direction.ToVm : null;
    }
    return FrameClass.of(direction, kind);
  }

  private FrameClass ipv4(byte[] f, int len, int ip, Direction byMac) {
    if (len < ip + 20 || (u8(f, ip) >> 4) != 4) {
      return FrameClass.of(byMac, PacketKind.Other);
    }
    facts.addresses(ip + 12, 4);
    Direction direction = byMac != null ? byMac : byAddress(f, ip + 12, ip + 16, vmIpv4);
    int transport = FrameLayout.ipv4Transport(f, len, ip);
    if (transport < 0) {
      return FrameClass.of(direction, PacketKind.Other);
    }
    // The lengths come from the header, not the capture: a snap length cuts frames, not packets.
    int transportLength = u16(f, ip + 2) - (transport - ip);
    return transport(f, len, transport, u8(f, ip + 9), transportLength, direction);
  }

  private FrameClass ipv6(byte[] f, int len, int ip, Direction byMac) {
    if (len < ip + 40 || (u8(f, ip) >> 4) != 6) {
      return FrameClass.of(byMac, PacketKind.Other);
    }
    facts.addresses(ip + 8, 16);
    Direction direction = byMac != null ? byMac : byAddress(f, ip + 8, ip + 24, vmIpv6);
    int packed = FrameLayout.ipv6Transport(f, len, ip);
    if (packed < 0) {
      return FrameClass.of(direction, PacketKind.Other);
    }
    int transport = packed >>> 8;
    int transportLength = u16(f, ip + 4) - (transport - ip - 40);
    return transport(f, len, transport, packed & 0xff, transportLength, direction);
  }

  private FrameClass transport(byte[] f, int len, int at, int protocol, int transportLength, Direction direction) {
    switch (protocol) {
      case PROTO_TCP -> {
        facts.transport(at, PROTO_TCP);
        return FrameClass.of(direction, tcpKind(f, len, at, transportLength));
      }
      case PROTO_UDP -> {
        facts.transport(at, PROTO_UDP);
        return udp(f, len, at, direction);
      }
      case PROTO_ICMP -> {
        facts.transport(at, PROTO_ICMP);
        return FrameClass.of(direction, icmpKind(f, len, at));
      }
      case PROTO_ICMPV6 -> {
        facts.transport(at, PROTO_ICMPV6);
        return icmpv6(f, len, at, direction);
      }
      default -> {
        return FrameClass.of(direction, PacketKind.Other);
      }
    }
  }

  private FrameClass icmpv6(byte[] f, int len, int icmp, Direction byHeaders) {
    if (len < icmp + 1) {
      return FrameClass.of(byHeaders, PacketKind.IcmpOther);
    }
    int type = u8(f, icmp);
    Direction direction = byHeaders;
    if (direction == null && type == 135 && vmIpv6 != null && len >= icmp + 24
        && matches(f, icmp + 8, vmIpv6)) {
      // Neighbour solicitation for the VM's address goes to a multicast group, yet is meant for the VM.
      direction = Direction.ToVm;
    }
    if ((type == 135 || type == 136) && len >= icmp + 24) {
      facts.neighborTarget(icmp + 8, 16);
    }
    PacketKind kind = switch (type) {
      case 1 -> PacketKind.IcmpUnreachable;
      case 128 -> PacketKind.IcmpEchoRequest;
      case 129 -> PacketKind.IcmpEchoReply;
      case 135 -> PacketKind.NeighborSolicitation;
      case 136 -> PacketKind.NeighborAdvertisement;
      default -> PacketKind.IcmpOther;
    };
    return FrameClass.of(direction, kind);
  }

  private FrameClass udp(byte[] f, int len, int udp, Direction byHeaders) {
    if (len < udp + 4) {
      return FrameClass.of(byHeaders, PacketKind.Udp);
    }
    int source = u16(f, udp);
    int destination = u16(f, udp + 2);
    if (isDhcpv6Port(source) && isDhcpv6Port(destination)) {
      return FrameClass.of(byHeaders, PacketKind.Dhcp);
    }
    if (!isDhcpPort(source) || !isDhcpPort(destination)) {
      return FrameClass.of(byHeaders, PacketKind.Udp);
    }
    Direction direction = byHeaders;
    int bootp = udp + 8;
    if (direction == null && len >= bootp + BOOTP_CHADDR + 6 && matches(f, bootp + BOOTP_CHADDR, vmMac)) {
      // A DHCP server's broadcast (or a relayed request) names the VM only by its hardware address.
      direction = u8(f, bootp) == 1 ? Direction.FromVm : Direction.ToVm;
    }
    return FrameClass.of(direction, PacketKind.Dhcp);
  }

  private static boolean isDhcpPort(int port) {
    return port == 67 || port == 68;
  }

  private static boolean isDhcpv6Port(int port) {
    return port == 546 || port == 547;
  }

  private static Direction byAddress(byte[] f, int source, int destination, byte[] vmAddress) {
    if (vmAddress == null) {
      return null;
    }
    if (matches(f, source, vmAddress)) {
      return Direction.FromVm;
    }
    return matches(f, destination, vmAddress) ? Direction.ToVm : null;
  }

  private static PacketKind tcpKind(byte[] f, int len, int tcp, int segmentLength) {
    if (len < tcp + TCP_FLAGS + 1) {
      return PacketKind.TcpOther;
    }
    int flags = u8(f, tcp + TCP_FLAGS);
    if ((flags & TCP_RST) != 0) {
      return PacketKind.TcpRst;
    }
    if ((flags & TCP_SYN) != 0) {
      return (flags & TCP_ACK) != 0 ? PacketKind.TcpSynAck : PacketKind.TcpSyn;
    }
    if ((flags & TCP_FIN) != 0) {
      return PacketKind.TcpFin;
    }
    int headerLength = (u8(f, tcp + TCP_DATA_OFFSET) >> 4) * 4;
    return segmentLength - headerLength > 0 ? PacketKind.TcpData : PacketKind.TcpOther;
  }

  private static PacketKind icmpKind(byte[] f, int len, int icmp) {
    if (len < icmp + 1) {
      return PacketKind.IcmpOther;
    }
    return switch (u8(f, icmp)) {
      case 8 -> PacketKind.IcmpEchoRequest;
      case 0 -> PacketKind.IcmpEchoReply;
      case 3 -> PacketKind.IcmpUnreachable;
      default -> PacketKind.IcmpOther;
    };
  }
}
