package io.vmnetdiag.capture.frame;

import io.vmnetdiag.api.net.IpLiteral;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_IGMP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_UDP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_ARP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV4;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_LLDP;
import static io.vmnetdiag.capture.frame.FrameBytes.mac;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u32;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;


/**
 * Prints a frame as {@code TZ=UTC tcpdump -nn -r} (tcpdump 4.99, Debian 12's) prints it, so the status shows
 * the line an engineer's tcpdump shows: TcpdumpTextLabTest compares every record of real traffic at the default
 * snap length and at full length, and TcpdumpLineTest checks each of its rows against the installed tcpdump.
 * Only kept samples are printed, never every packet, so this may allocate; it never throws, and a frame cut by
 * the snap length ends where tcpdump's line does, in its {@code [|proto]} marker.
 *
 * <p>Where the text differs from plain {@code tcpdump -nn}, on purpose or not yet:
 * <ul>
 *   <li>TCP sequence and acknowledgement numbers are absolute, as {@code tcpdump -S} prints them: tcpdump's
 *       relative numbers come from the connection's earlier packets, and a sample is printed alone.</li>
 *   <li>What tcpdump cannot decode it follows with a hex dump on continuation lines; a sample is one line.</li>
 *   <li>Not decoded as tcpdump does: payloads of UDP and TCP ports other than DHCP, DHCPv6, DNS, mDNS, NTP
 *       (UDP) and SSH, HTTP (TCP), IP protocols other than ICMP, IGMP, TCP, UDP and ICMPv6 (GRE, ESP, OSPF,
 *       VRRP, SCTP...), IPv6 routing headers, the details of rare ICMPv6 types (node information, router
 *       renumbering, RPL, mobility), EtherTypes other than IPv4, IPv6, ARP, RARP, LLDP and
 *       802.3 frames other than spanning tree (LACP, EAPOL, MPLS, PPPoE, CDP, MSTP...), ICMP router
 *       advertisements and time stamp replies, the MPTCP, TFO, experimental and TCP-AO options.</li>
 * </ul>
 */
public final class TcpdumpLine {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final int TYPE_RARP = 0x8035;

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

  /** The decoded frame without timestamp; a frame cut before its Ethernet header is tcpdump's {@code " [|ether]"}. */
  public static String describe(byte[] frame, int originalLength) {
    if (frame == null) {
      return " [|ether]";
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

  /**
   * As {@code tcpdump -nn} without {@code -e}: VLAN tags are skipped silently (tcpdump names them only with
   * {@code -e}), and an EtherType it has no decoder for prints the MACs, the type and the length. tcpdump follows
   * that line with a hex dump of the payload, which a one-line sample leaves out.
   */
  private static void appendFrame(StringBuilder out, byte[] f, int len, int wireLength) {
    int network = FrameLayout.networkOffset(f, len);
    if (network < 0) {
      out.append(" [|ether]");
      return;
    }
    int etherType = u16(f, network - 2);
    int networkLength = wireLength - network;
    switch (etherType) {
      case TYPE_ARP, TYPE_RARP -> appendArp(out, f, len, network, networkLength);
      case TYPE_IPV4 -> appendIpv4(out, f, len, network, networkLength);
      case TYPE_IPV6 -> appendIpv6(out, f, len, network, networkLength);
      case TYPE_LLDP -> appendLldp(out, f, len, network, networkLength);
      default -> {
        if (etherType <= 1500 && len < network + 3) {
          out.append(" [|llc]");
          return;
        }
        if (etherType <= 1500 && u8(f, network) == 0x42 && u8(f, network) == 0x42 && u8(f, network + 1) == 0x42
            && u8(f, network + 2) == 0x03) {
          appendStp(out, f, len, network + 3, etherType - 3);
          return;
        }
        // Other 802.3/LLC frames (CDP, NetBEUI, IPX...) tcpdump decodes further; they print as unknown here.
        out.append(mac(f, 6)).append(" > ").append(mac(f, 0)).append(", ethertype ")
          .append(etherTypeName(etherType)).append(String.format(" (0x%04x)", etherType))
          .append(", length ").append(wireLength).append(':');
      }
    }
  }

  private static final String[] STP_FLAGS = {"Topology change", "Proposal", null, null, "Learn", "Forward", "Agreement",
      "Topology change ACK"};

  /**
   * A spanning tree BPDU, as a bridge with STP on sends every 2 s: the sending bridge's id and port, and the
   * BPDU's length ({@code STP 802.1d, Config, Flags [none], bridge-id 8000.52:54:00:12:34:56.8001, length 35}).
   */
  private static void appendStp(StringBuilder out, byte[] f, int len, int bpdu, int length) {
    if (len < bpdu + 3) {
      out.append(" [|stp]");
      return;
    }
    int version = u8(f, bpdu + 2);
    out.append("STP ").append(switch (version) {
      case 0 -> "802.1d";
      case 2 -> "802.1w";
      case 3 -> "802.1s";
      case 4 -> "SPB";
      default -> String.format("Unknown STP protocol (0x%02x)", version);
    });
    if (version != 0 && version != 2) {
      // MSTP and SPB carry more than tcpdump prints in one line here; not decoded.
      return;
    }
    if (len < bpdu + 4) {
      out.append(" [|stp]");
      return;
    }
    int type = u8(f, bpdu + 3);
    out.append(", ").append(switch (type) {
      case 0x00 -> "Config";
      case 0x80 -> "Topology Change";
      case 0x02 -> "Rapid STP";
      default -> String.format("Unknown BPDU Type (0x%02x)", type);
    });
    if (type == 0x80) {
      return;
    }
    if (len < bpdu + 5) {
      out.append(" [|stp]");
      return;
    }
    int flags = u8(f, bpdu + 4);
    out.append(", Flags [");
    boolean any = false;
    for (int bit = 0; bit < 8; bit++) {
      if ((flags & (1 << bit)) != 0 && STP_FLAGS[bit] != null) {
        out.append(any ? ", " : "").append(STP_FLAGS[bit]);
        any = true;
      }
    }
    out.append(any ? "]" : "none]");
    if (len < bpdu + 27) {
      out.append(" [|stp]");
      return;
    }
    out.append(String.format(", bridge-id %02x%02x.", u8(f, bpdu + 17), u8(f, bpdu + 18))).append(mac(f, bpdu + 19))
        .append(String.format(".%04x", u16(f, bpdu + 25))).append(", length ").append(length);
  }

  /** tcpdump's name for an EtherType it prints without decoding (used for unknown payloads). */
  static String etherTypeName(int etherType) {
    return switch (etherType) {
      case TYPE_IPV4 -> "IPv4";
      case TYPE_IPV6 -> "IPv6";
      case TYPE_ARP -> "ARP";
      case 0x8100 -> "802.1Q";
      case 0x88a8 -> "802.1Q-QinQ";
      case 0x9100 -> "802.1Q-9100";
      default -> "Unknown";
    };
  }

  /** LLDP as tcpdump prints it without {@code -v}: the length and, when it is captured, the system name. */
  private static void appendLldp(StringBuilder out, byte[] f, int len, int lldp, int length) {
    out.append("LLDP, length ").append(length);
    int at = lldp;
    int end = lldp + length;
    while (at < end) {
      if (len < at + 2) {
        out.append(" [|lldp]");
        return;
      }
      int type = u8(f, at) >> 1;
      int tlvLength = u16(f, at) & 0x1ff;
      at += 2;
      if (len < at + tlvLength) {
        out.append(" [|lldp]");
        return;
      }
      if (type == 0) {
        return;
      }
      if (type == 5) {
        out.append(": ");
        for (int i = 0; i < tlvLength; i++) {
          int c = u8(f, at + i);
          out.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      }
      at += tlvLength;
    }
  }

  /**
   * ARP for Ethernet and IPv4 (the only kind a VM sends), including RARP's opcodes. tcpdump prints nothing but
   * its marker when the 28 bytes are not all captured.
   */
  private static void appendArp(StringBuilder out, byte[] f, int len, int arp, int arpLength) {
    if (len < arp + 8) {
      out.append(" [|arp]");
      return;
    }
    // tcpdump decodes any hardware type with 6-byte addresses carrying IPv4; it names the rest.
    boolean ethernetIpv4 = u16(f, arp + 2) == TYPE_IPV4 && u8(f, arp + 4) == 6 && u8(f, arp + 5) == 4;
    int op = u16(f, arp + 6);
    if (!ethernetIpv4) {
      if (len < arp + 8 + 2 * (u8(f, arp + 4) + u8(f, arp + 5))) {
        out.append(" [|arp]");
        return;
      }
      int hardware = u16(f, arp);
      int protocol = u16(f, arp + 2);
      out.append("ARP, ").append(hardware == 1 ? "Ethernet" : hardware == 6 ? "IEEE 802" : "Unknown Hardware (" + hardware + ")")
          .append(" (len ").append(u8(f, arp + 4)).append("), ")
          .append(protocol == TYPE_IPV4 ? "IPv4" : protocol == TYPE_IPV6 ? "IPv6" : String.format("Unknown Protocol (0x%04x)", protocol))
          .append(" (len ").append(u8(f, arp + 5)).append("), length ").append(arpLength);
      return;
    }
    if (len < arp + 28) {
      out.append(" [|arp]");
      return;
    }
    String senderMac = mac(f, arp + 8);
    String senderIp = IpLiteral.format(f, arp + 14, 4);
    String targetMac = mac(f, arp + 18);
    String targetIp = IpLiteral.format(f, arp + 24, 4);
    out.append("ARP, ");
    switch (op) {
      case 1 -> {
        out.append("Request who-has ").append(targetIp);
        if (!isZero(f, arp + 18, 6)) {
          out.append(" (").append(targetMac).append(')');
        }
        out.append(" tell ").append(senderIp);
      }
      case 2 -> out.append("Reply ").append(senderIp).append(" is-at ").append(senderMac);
      case 3 -> out.append("Reverse Request who-is ").append(targetMac).append(" tell ").append(senderMac);
      case 4 -> out.append("Reverse Reply ").append(targetMac).append(" at ").append(targetIp);
      case 8 -> out.append("Inverse Request who-is ").append(targetMac).append(" tell ").append(senderMac);
      case 9 -> out.append("Inverse Reply ").append(senderMac).append(" at ").append(senderIp);
      case 10 -> {
        out.append("NACK Reply");
        return;
      }
      default -> {
        // tcpdump follows this with a hex dump of the message, which a one-line sample leaves out.
        out.append("Unknown (").append(op).append(')');
        return;
      }
    }
    out.append(", length ").append(arpLength);
  }

  /** IPv4, with tcpdump's complaints about a header that contradicts itself or the frame's length. */
  private static void appendIpv4(StringBuilder out, byte[] f, int len, int ip, int wireLength) {
    if (len <= ip) {
      out.append(" [|ip]");
      return;
    }
    int version = u8(f, ip) >> 4;
    if (version != 4) {
      out.append(version == 6 ? "IP6, wrong link-layer encapsulation (invalid)" : "IP" + version + " (invalid)");
      return;
    }
    if (len < ip + 20) {
      out.append("IP  [|ip]");
      return;
    }
    int headerLength = (u8(f, ip) & 0x0f) * 4;
    int totalLength = u16(f, ip + 2);
    if (headerLength < 20) {
      out.append("IP bad-hlen ").append(headerLength);
      return;
    }
    if (totalLength < headerLength) {
      out.append("IP bad-len ").append(totalLength);
      return;
    }
    out.append("IP ");
    if (totalLength > wireLength) {
      out.append("truncated-ip - ").append(totalLength - wireLength).append(" bytes missing! ");
    }
    String source = IpLiteral.format(f, ip + 12, 4);
    String destination = IpLiteral.format(f, ip + 16, 4);
    int payloadLength = Math.max(0, totalLength - headerLength);
    int protocol = u8(f, ip + 9);
    int transport = FrameLayout.ipv4Transport(f, len, ip);
    if (transport < 0) {
      // A later fragment: tcpdump names only the protocol, the header that would say more is in the first one.
      out.append(source).append(" > ").append(destination).append(": ip-proto-").append(protocol);
      return;
    }
    if (protocol == PROTO_IGMP) {
      out.append(source).append(" > ").append(destination).append(": ");
      IcmpText.appendIgmp(out, f, len, transport, payloadLength);
      return;
    }
    appendTransport(out, f, len, transport, protocol, source, destination, payloadLength);
  }

  /**
   * IPv6 with the extension headers tcpdump names without {@code -v}: {@code HBH} (hop-by-hop, as on every MLD
   * report), {@code DSTOPT} and fragments; routing headers are not decoded here.
   */
  private static void appendIpv6(StringBuilder out, byte[] f, int len, int ip, int wireLength) {
    if (len < ip + 40) {
      out.append(" [|ip6]");
      return;
    }
    if ((u8(f, ip) >> 4) != 6) {
      out.append("IP6 version error: ").append(u8(f, ip) >> 4).append(" != 6");
      return;
    }
    out.append("IP6 ");
    if (40 + u16(f, ip + 4) > wireLength) {
      // tcpdump's own spacing: no blank before the addresses.
      out.append("truncated-ip6 - ").append(40 + u16(f, ip + 4) - wireLength).append(" bytes missing!");
    }
    String source = IpLiteral.format(f, ip + 8, 16);
    String destination = IpLiteral.format(f, ip + 24, 16);
    int next = u8(f, ip + 6);
    int at = ip + 40;
    int payloadLength = u16(f, ip + 4);
    StringBuilder extensions = new StringBuilder();
    for (int i = 0; i < 4 && (next == 0 || next == 60 || next == 44); i++) {
      int headerLength = next == 44 ? 4 : len < at + 2 ? Integer.MAX_VALUE : (u8(f, at + 1) + 1) * 8;
      if (len < at + 2 || len < at + headerLength) {
        // tcpdump names an options header only once it holds all of it, a fragment header once it holds the offset.
        out.append(source).append(" > ").append(destination).append(": ").append(extensions)
            .append(next == 0 ? " [|hbhopt]" : next == 60 ? " [|dstopt]" : " [|frag6]");
        return;
      }
      if (next == 44) {
        // A fragment: "frag (offset|length)"; only the first one goes on to what it carries.
        int offset = u16(f, at + 2) & 0xfff8;
        payloadLength -= 8;
        extensions.append("frag (").append(offset).append('|').append(Math.max(0, payloadLength)).append(')');
        next = u8(f, at);
        at += 8;
        if (offset != 0 || next == 59 || len <= at) {
          // A later fragment, nothing after it, or nothing of it captured: the line ends here.
          out.append(source).append(" > ").append(destination).append(": ").append(extensions);
          return;
        }
        extensions.append(' ');
        continue;
      }
      extensions.append(next == 0 ? "HBH " : "DSTOPT ");
      int size = (u8(f, at + 1) + 1) * 8;
      next = u8(f, at);
      at += size;
      payloadLength -= size;
    }
    payloadLength = Math.max(0, payloadLength);
    switch (next) {
      case PROTO_TCP, PROTO_UDP -> {
        // tcpdump prints the addresses first unless TCP or UDP follows the fixed header directly; then the
        // segment names only its ports.
        if (extensions.length() > 0) {
          out.append(source).append(" > ").append(destination).append(": ").append(extensions);
          if (len < at + 4) {
            // Ports not captured: tcpdump's TCP printer names the addresses again, its UDP printer does not.
            out.append(next == PROTO_TCP ? source + " > " + destination + ": [|tcp]" : " [|udp]");
            return;
          }
          appendTransport(out, f, len, at, next, null, null, payloadLength);
        } else {
          appendTransport(out, f, len, at, next, source, destination, payloadLength);
        }
      }
      case PROTO_ICMPV6 -> {
        out.append(source).append(" > ").append(destination).append(": ").append(extensions);
        IcmpText.appendIcmpv6(out, f, len, at, payloadLength);
      }
      case 59 -> out.append(source).append(" > ").append(destination).append(": ").append(extensions)
          .append("no next header");
      default -> out.append(source).append(" > ").append(destination).append(": ").append(extensions)
          .append(" ip-proto-").append(next).append(' ').append(payloadLength);
    }
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
      default -> out.append(source).append(" > ").append(destination).append(":  ip-proto-")
          .append(protocol).append(' ').append(payloadLength);
    }
  }

  private static void appendTcp(StringBuilder out, byte[] f, int len, int tcp, String source,
      String destination, int segmentLength) {
    if (len < tcp + 4) {
      out.append(source).append(" > ").append(destination).append(": [|tcp]");
      return;
    }
    out.append(endpoint(source, u16(f, tcp))).append(" > ").append(endpoint(destination, u16(f, tcp + 2))).append(": ");
    if (len < tcp + 20) {
      out.append(" [|tcp]");
      return;
    }
    int flags = u8(f, tcp + 13);
    long seq = u32(f, tcp + 4);
    int headerLength = (u8(f, tcp + 12) >> 4) * 4;
    int dataLength = Math.max(0, segmentLength - headerLength);
    out.append("Flags [").append(tcpFlags(flags)).append(']');
    // As tcpdump: the sequence only when it says something (data, SYN, FIN or RST), always absolute (tcpdump -S).
    if (dataLength > 0) {
      out.append(", seq ").append(seq).append(':').append((seq + dataLength) & 0xffffffffL);
    } else if ((flags & (0x01 | 0x02 | 0x04)) != 0) {
      out.append(", seq ").append(seq);
    }
    if ((flags & 0x10) != 0) {
      out.append(", ack ").append(u32(f, tcp + 8));
    }
    out.append(", win ").append(u16(f, tcp + 14));
    if ((flags & 0x20) != 0) {
      out.append(", urg ").append(u16(f, tcp + 18));
    }
    if (headerLength > 20 && !TcpOptions.append(out, f, len, tcp + 20, headerLength - 20)) {
      return;
    }
    out.append(", length ").append(dataLength);
    if (dataLength > 0) {
      TcpPayload.append(out, f, len, tcp + headerLength, dataLength, u16(f, tcp), u16(f, tcp + 2));
    }
  }

  /** {@code address.port}, or the port alone where tcpdump printed the addresses already (null). */
  static String endpoint(String address, int port) {
    return address == null ? String.valueOf(port) : address + "." + port;
  }

  /** tcpdump's flag letters in its order; ACK prints as a dot after PSH. */
  static String tcpFlags(int flags) {
    StringBuilder letters = new StringBuilder(8);
    char[] names = {'F', 'S', 'R', 'P', '.', 'U', 'E', 'W'};
    int[] bits = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80};
    for (int i = 0; i < names.length; i++) {
      if ((flags & bits[i]) != 0) {
        letters.append(names[i]);
      }
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
