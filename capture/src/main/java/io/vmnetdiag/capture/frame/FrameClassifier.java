package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_ARP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV4;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.matches;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

import io.vmnetdiag.api.v1alpha1.PacketKind;

/**
 * Classifies raw Ethernet frames by direction relative to one VM and by packet kind.
 * Hand-parsed for speed (it runs once per captured packet); never throws and allocates nothing.
 * IPv6 neighbour solicitations/advertisements count as ARP requests/replies: they do ARP's job.
 */
public final class FrameClassifier {
  private static final int TCP_FIN_SYN_RST_ACK_OFFSET = 13;
  private static final int TCP_SYN = 0x02;
  private static final int TCP_RST = 0x04;
  private static final int TCP_ACK = 0x10;

  private final byte[] vmMac;
  private final byte[] vmAddress;

  /** {@code vmMac}: 6 bytes; {@code vmAddress}: 4 or 16 bytes, or null when the VM's IP is unknown. */
  public FrameClassifier(byte[] vmMac, byte[] vmAddress) {
    if (vmMac == null || vmMac.length != 6) {
      throw new IllegalArgumentException("VM MAC must be 6 bytes");
    }
    if (vmAddress != null && vmAddress.length != 4 && vmAddress.length != 16) {
      throw new IllegalArgumentException("VM address must be 4 (IPv4) or 16 (IPv6) bytes");
    }
    this.vmMac = vmMac.clone();
    this.vmAddress = vmAddress == null ? null : vmAddress.clone();
  }

  /** Classifies a whole captured frame. */
  public FrameClass classify(byte[] frame) {
    return classify(frame, frame == null ? 0 : frame.length);
  }

  /** Classifies the first {@code length} captured bytes of {@code frame}. */
  public FrameClass classify(byte[] frame, int length) {
    if (frame == null) {
      return FrameClass.of(null, PacketKind.Other);
    }
    int len = Math.min(Math.max(length, 0), frame.length);
    if (len < 12) {
      return FrameClass.of(null, PacketKind.Other);
    }
    Direction byMac = matches(frame, 6, vmMac) ? Direction.FromVm
        : matches(frame, 0, vmMac) ? Direction.ToVm : null;
    int network = FrameLayout.networkOffset(frame, len);
    if (network < 0) {
      return FrameClass.of(byMac, PacketKind.Other);
    }
    return switch (u16(frame, network - 2)) {
      case TYPE_ARP -> arp(frame, len, network, byMac);
      case TYPE_IPV4 -> ipv4(frame, len, network, byMac);
      case TYPE_IPV6 -> ipv6(frame, len, network, byMac);
      default -> FrameClass.of(byMac, PacketKind.Other);
    };
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
    if (direction == null && ethernetIpv4 && isVmAddress(4) && len >= arp + 28) {
      // A broadcast who-has for the VM's IP is meant for the VM, whoever else sees it.
      direction = matches(f, arp + 14, vmAddress) ? Direction.FromVm
          : matches(f, arp + 24, vmAddress) ? Direction.ToVm : null;
    }
    return FrameClass.of(direction, kind);
  }

  private FrameClass ipv4(byte[] f, int len, int ip, Direction byMac) {
    if (len < ip + 20 || (u8(f, ip) >> 4) != 4) {
      return FrameClass.of(byMac, PacketKind.Other);
    }
    Direction direction = byMac != null ? byMac : byAddress(f, ip + 12, ip + 16, 4);
    int transport = FrameLayout.ipv4Transport(f, len, ip);
    int protocol = u8(f, ip + 9);
    if (transport < 0) {
      return FrameClass.of(direction, PacketKind.Other);
    }
    return switch (protocol) {
      case PROTO_TCP -> FrameClass.of(direction, tcpKind(f, len, transport));
      case PROTO_ICMP -> FrameClass.of(direction, icmpKind(f, len, transport));
      default -> FrameClass.of(direction, PacketKind.Other);
    };
  }

  private FrameClass ipv6(byte[] f, int len, int ip, Direction byMac) {
    if (len < ip + 40 || (u8(f, ip) >> 4) != 6) {
      return FrameClass.of(byMac, PacketKind.Other);
    }
    Direction direction = byMac != null ? byMac : byAddress(f, ip + 8, ip + 24, 16);
    int packed = FrameLayout.ipv6Transport(f, len, ip);
    if (packed < 0) {
      return FrameClass.of(direction, PacketKind.Other);
    }
    int transport = packed >>> 8;
    int next = packed & 0xff;
    if (next == PROTO_TCP) {
      return FrameClass.of(direction, tcpKind(f, len, transport));
    }
    if (next != PROTO_ICMPV6) {
      return FrameClass.of(direction, PacketKind.Other);
    }
    if (len < transport + 1) {
      return FrameClass.of(direction, PacketKind.IcmpOther);
    }
    int type = u8(f, transport);
    if (direction == null && type == 135 && isVmAddress(16) && len >= transport + 24
        && matches(f, transport + 8, vmAddress)) {
      // Neighbour solicitation for the VM's address goes to a multicast group, yet is meant for the VM.
      direction = Direction.ToVm;
    }
    PacketKind kind = switch (type) {
      case 128 -> PacketKind.IcmpEchoRequest;
      case 129 -> PacketKind.IcmpEchoReply;
      case 135 -> PacketKind.ArpRequest;
      case 136 -> PacketKind.ArpReply;
      default -> PacketKind.IcmpOther;
    };
    return FrameClass.of(direction, kind);
  }

  private Direction byAddress(byte[] f, int source, int destination, int size) {
    if (!isVmAddress(size)) {
      return null;
    }
    if (matches(f, source, vmAddress)) {
      return Direction.FromVm;
    }
    return matches(f, destination, vmAddress) ? Direction.ToVm : null;
  }

  private boolean isVmAddress(int size) {
    return vmAddress != null && vmAddress.length == size;
  }

  private static PacketKind tcpKind(byte[] f, int len, int tcp) {
    if (len < tcp + TCP_FIN_SYN_RST_ACK_OFFSET + 1) {
      return PacketKind.TcpOther;
    }
    int flags = u8(f, tcp + TCP_FIN_SYN_RST_ACK_OFFSET);
    if ((flags & TCP_RST) != 0) {
      return PacketKind.TcpRst;
    }
    if ((flags & TCP_SYN) != 0) {
      return (flags & TCP_ACK) != 0 ? PacketKind.TcpSynAck : PacketKind.TcpSyn;
    }
    return PacketKind.TcpOther;
  }

  private static PacketKind icmpKind(byte[] f, int len, int icmp) {
    if (len < icmp + 1) {
      return PacketKind.IcmpOther;
    }
    return switch (u8(f, icmp)) {
      case 8 -> PacketKind.IcmpEchoRequest;
      case 0 -> PacketKind.IcmpEchoReply;
      default -> PacketKind.IcmpOther;
    };
  }
}
