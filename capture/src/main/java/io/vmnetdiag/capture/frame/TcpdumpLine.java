package io.vmnetdiag.capture.frame;

import io.vmnetdiag.api.net.IpLiteral;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_UDP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_ARP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV4;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.mac;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u32;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;


/**
 * Prints a frame the way {@code tcpdump -nn} does (timestamp in UTC), so people read familiar lines.
 * Only sampled packets are printed, so this may allocate; it never throws, and a short frame ends
 * in tcpdump's {@code [|proto]} marker.
 */
public final class TcpdumpLine {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private TcpdumpLine() {
  }

  /**
   * One line: {@code HH:mm:ss.SSSSSS} then the decoded frame. {@code originalLength} is the length
   * on the wire (the frame may have been cut to the snap length).
   */
  public static String format(long epochMicros, byte[] frame, int originalLength) {
    return timeOfDay(epochMicros) + " " + describe(frame, originalLength);
  }

  /** The time-of-day prefix in UTC with microseconds. */
  public static String timeOfDay(long epochMicros) {
    long micros = Math.floorMod(epochMicros, MICROS_PER_DAY);
    long seconds = micros / 1_000_000;
    return String.format("%02d:%02d:%02d.%06d",
        seconds / 3600, seconds / 60 % 60, seconds % 60, micros % 1_000_000);
  }

  /** The decoded frame without timestamp. */
  public static String describe(byte[] frame, int originalLength) {
    if (frame == null) {
      return "[|ether]";
    }
    StringBuilder out = new StringBuilder(96);
    try {
      appendFrame(out, frame, frame.length, Math.max(originalLength, frame.length));
    } catch (RuntimeException e) {
      // A bounds check missed somewhere: still print what was decoded, like tcpdump's truncation marker.
      out.append(" [|malformed]");
    }
    return out.toString();
  }

  private static void appendFrame(StringBuilder out, byte[] f, int len, int wireLength) {
    int network = FrameLayout.networkOffset(f, len);
    if (network < 0) {
      out.append("[|ether]");
      return;
    }
    for (int tag = FrameBytes.ETHER_HEADER; tag < network; tag += 4) {
      appendVlanTag(out, u16(f, tag), u16(f, tag + 2));
    }
    int etherType = u16(f, network - 2);
    int networkLength = wireLength - network;
    switch (etherType) {
      case TYPE_ARP -> appendArp(out, f, len, network, networkLength);
      case TYPE_IPV4 -> appendIpv4(out, f, len, network);
      case TYPE_IPV6 -> appendIpv6(out, f, len, network);
      default -> out.append(String.format("ethertype 0x%04x, length %d", etherType, wireLength));
    }
  }

  /** As {@code tcpdump -e} prints a tag: id, priority, drop eligibility and what it carries. */
  private static void appendVlanTag(StringBuilder out, int tci, int innerType) {
    out.append("vlan ").append(tci & 0x0fff).append(", p ").append(tci >> 13);
    if ((tci & 0x1000) != 0) {
      out.append(", DEI");
    }
    out.append(", ethertype ").append(etherTypeName(innerType)).append(", ");
  }

  static String etherTypeName(int etherType) {
    return switch (etherType) {
      case TYPE_IPV4 -> "IPv4";
      case TYPE_IPV6 -> "IPv6";
      case TYPE_ARP -> "ARP";
      case 0x8100 -> "802.1Q";
      case 0x88a8 -> "802.1Q-QinQ";
      case 0x9100 -> "802.1Q-9100";
      default -> String.format("0x%04x", etherType);
    };
  }

  private static void appendArp(StringBuilder out, byte[] f, int len, int arp, int arpLength) {
    out.append("ARP, ");
    if (len < arp + 8) {
      out.append("[|arp]");
      return;
    }
    boolean ethernetIpv4 = u16(f, arp) == 1 && u16(f, arp + 2) == TYPE_IPV4
        && u8(f, arp + 4) == 6 && u8(f, arp + 5) == 4;
    int op = u16(f, arp + 6);
    if (!ethernetIpv4) {
      out.append("hardware type ").append(u16(f, arp)).append(String.format(", protocol 0x%04x", u16(f, arp + 2)))
          .append(", opcode ").append(op).append(", length ").append(arpLength);
      return;
    }
    if (len < arp + 28) {
      out.append(op == 1 ? "Request " : op == 2 ? "Reply " : "").append("[|arp]");
      return;
    }
    String senderMac = mac(f, arp + 8);
    String senderIp = IpLiteral.format(f, arp + 14, 4);
    String targetIp = IpLiteral.format(f, arp + 24, 4);
    switch (op) {
      case 1 -> {
        out.append("Request who-has ").append(targetIp);
        if (!isZero(f, arp + 18, 6)) {
          out.append(" (").append(mac(f, arp + 18)).append(')');
        }
        out.append(" tell ").append(senderIp);
      }
      case 2 -> out.append("Reply ").append(senderIp).append(" is-at ").append(senderMac);
      default -> out.append("Unknown opcode ").append(op);
    }
    out.append(", length ").append(arpLength);
  }

  private static void appendIpv4(StringBuilder out, byte[] f, int len, int ip) {
    out.append("IP ");
    if (len < ip + 20 || (u8(f, ip) >> 4) != 4) {
      out.append("[|ip]");
      return;
    }
    String source = IpLiteral.format(f, ip + 12, 4);
    String destination = IpLiteral.format(f, ip + 16, 4);
    int headerLength = (u8(f, ip) & 0x0f) * 4;
    int payloadLength = Math.max(0, u16(f, ip + 2) - headerLength);
    int protocol = u8(f, ip + 9);
    int transport = FrameLayout.ipv4Transport(f, len, ip);
    if (transport < 0) {
      out.append(source).append(" > ").append(destination).append(": ip-proto-").append(protocol)
          .append(" fragment, offset ").append((u16(f, ip + 6) & 0x1fff) * 8)
          .append(", length ").append(payloadLength);
      return;
    }
    appendTransport(out, f, len, transport, protocol, source, destination, payloadLength);
  }

  private static void appendIpv6(StringBuilder out, byte[] f, int len, int ip) {
    out.append("IP6 ");
    if (len < ip + 40 || (u8(f, ip) >> 4) != 6) {
      out.append("[|ip6]");
      return;
    }
    String source = IpLiteral.format(f, ip + 8, 16);
    String destination = IpLiteral.format(f, ip + 24, 16);
    int packed = FrameLayout.ipv6Transport(f, len, ip);
    if (packed < 0) {
      out.append(source).append(" > ").append(destination).append(": [|ip6]");
      return;
    }
    int transport = packed >>> 8;
    int payloadLength = Math.max(0, u16(f, ip + 4) - (transport - ip - 40));
    appendTransport(out, f, len, transport, packed & 0xff, source, destination, payloadLength);
  }

  private static void appendTransport(StringBuilder out, byte[] f, int len, int at, int protocol,
      String source, String destination, int payloadLength) {
    switch (protocol) {
      case PROTO_TCP -> appendTcp(out, f, len, at, source, destination, payloadLength);
      case PROTO_UDP -> UdpText.append(out, f, len, at, source, destination);
      case PROTO_ICMP -> {
        out.append(source).append(" > ").append(destination).append(": ");
        IcmpText.appendIcmp(out, f, len, at, payloadLength);
      }
      case PROTO_ICMPV6 -> {
        out.append(source).append(" > ").append(destination).append(": ");
        IcmpText.appendIcmpv6(out, f, len, at, payloadLength);
      }
      default -> out.append(source).append(" > ").append(destination).append(": ip-proto-")
          .append(protocol).append(", length ").append(payloadLength);
    }
  }

  private static void appendTcp(StringBuilder out, byte[] f, int len, int tcp, String source,
      String destination, int segmentLength) {
    if (len < tcp + 4) {
      out.append(source).append(" > ").append(destination).append(": [|tcp]");
      return;
    }
    out.append(source).append('.').append(u16(f, tcp)).append(" > ")
        .append(destination).append('.').append(u16(f, tcp + 2)).append(": ");
    if (len < tcp + 16) {
      out.append("[|tcp]");
      return;
    }
    int flags = u8(f, tcp + 13);
    long seq = u32(f, tcp + 4);
    int dataLength = Math.max(0, segmentLength - (u8(f, tcp + 12) >> 4) * 4);
    out.append("Flags [").append(tcpFlags(flags)).append("], seq ").append(seq);
    if (dataLength > 0) {
      out.append(':').append((seq + dataLength) & 0xffffffffL);
    }
    if ((flags & 0x10) != 0) {
      out.append(", ack ").append(u32(f, tcp + 8));
    }
    out.append(", win ").append(u16(f, tcp + 14)).append(", length ").append(dataLength);
  }

  /** tcpdump's flag letters; ACK prints as a trailing dot. */
  static String tcpFlags(int flags) {
    StringBuilder letters = new StringBuilder(8);
    char[] names = {'F', 'S', 'R', 'P', 'U', 'E', 'W'};
    int[] bits = {0x01, 0x02, 0x04, 0x08, 0x20, 0x40, 0x80};
    for (int i = 0; i < names.length; i++) {
      if ((flags & bits[i]) != 0) {
        letters.append(names[i]);
      }
    }
    if ((flags & 0x10) != 0) {
      letters.append('.');
    }
    return letters.length() == 0 ? "none" : letters.toString();
  }

  private static boolean isZero(byte[] f, int at, int count) {
    for (int i = 0; i < count; i++) {
      if (f[at + i] != 0) {
        return false;
      }
    }
    return true;
  }
}
