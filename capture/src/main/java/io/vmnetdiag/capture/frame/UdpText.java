package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.mac;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

/**
 * UDP datagrams as {@code tcpdump -nn} prints them, with the payloads it decodes by port that a VM sends on its own:
 * DHCP, DHCPv6, DNS (port 53), mDNS (5353) and NTP; callers catch what a bounds check misses. Other ports tcpdump
 * decodes (SNMP 161, syslog 514, VXLAN 4789, Geneve 6081, ISAKMP 500/4500, RIP 520, TFTP 69, SIP 5060,
 * RADIUS 1812, BFD 3784, L2TP 1701, sFlow 6343, OTV 8472...) print as plain UDP here, which tcpdump's line does not.
 */
final class UdpText {
  private static final String[] DHCP6_TYPES = {"", "solicit", "advertise", "request", "confirm", "renew", "rebind",
      "reply", "release", "decline", "reconfigure", "inf-req", "relay-fwd", "relay-reply", "leasequery",
      "leasequery-reply"};
  private static final int UDP_HEADER = 8;
  private static final int BOOTP_CHADDR = 28;

  private UdpText() {
  }

  static void append(StringBuilder out, byte[] f, int len, int udp, String source, String destination) {
    if (len < udp + 4) {
      out.append(source).append(" > ").append(destination).append(":  [|udp]");
      return;
    }
    int sourcePort = u16(f, udp);
    int destinationPort = u16(f, udp + 2);
    out.append(TcpdumpLine.endpoint(source, sourcePort)).append(" > ")
        .append(TcpdumpLine.endpoint(destination, destinationPort)).append(": ");
    if (len < udp + UDP_HEADER) {
      out.append(" [|udp]");
      return;
    }
    int dataLength = Math.max(0, u16(f, udp + 4) - UDP_HEADER);
    if (isDhcp(sourcePort) && isDhcp(destinationPort)) {
      appendBootp(out, f, len, udp + UDP_HEADER, dataLength);
    } else if (isDhcp6(sourcePort) && isDhcp6(destinationPort)) {
      appendDhcp6(out, f, len, udp + UDP_HEADER);
    } else if (sourcePort == 53 || destinationPort == 53) {
      DnsText.append(out, f, len, udp + UDP_HEADER, dataLength, false);
    } else if (sourcePort == 5353 || destinationPort == 5353) {
      DnsText.append(out, f, len, udp + UDP_HEADER, dataLength, true);
    } else if (sourcePort == 123 || destinationPort == 123) {
      appendNtp(out, f, len, udp + UDP_HEADER, dataLength);
    } else {
      out.append("UDP, length ").append(dataLength);
    }
  }

  private static void appendBootp(StringBuilder out, byte[] f, int len, int bootp, int length) {
    out.append("BOOTP/DHCP, ");
    if (len < bootp + 1) {
      out.append("[|bootp]");
      return;
    }
    int op = u8(f, bootp);
    if (op == 1) {
      out.append("Request");
      if (len < bootp + BOOTP_CHADDR + 6) {
        out.append(" [|bootp]");
        return;
      }
      out.append(" from ").append(mac(f, bootp + BOOTP_CHADDR));
    } else if (op == 2) {
      out.append("Reply");
    } else {
      out.append(String.format("unknown (0x%02x)", op));
    }
    out.append(", length ").append(length);
  }

  private static final String[] NTP_MODES = {"unspecified", "symmetric active", "symmetric passive", "Client",
      "Server", "Broadcast", "Control Message", "Reserved"};

  /** NTP without {@code -v}: version, mode and length. */
  private static void appendNtp(StringBuilder out, byte[] f, int len, int ntp, int length) {
    if (len < ntp + 1) {
      out.append(" [|ntp]");
      return;
    }
    int status = u8(f, ntp);
    out.append("NTPv").append((status >> 3) & 7).append(", ").append(NTP_MODES[status & 7]).append(", length ")
        .append(length);
  }

  private static void appendDhcp6(StringBuilder out, byte[] f, int len, int dhcp6) {
    if (len < dhcp6 + 1) {
      out.append("dhcp6 [|dhcp6]");
      return;
    }
    int type = u8(f, dhcp6);
    out.append("dhcp6 ").append(type > 0 && type < DHCP6_TYPES.length ? DHCP6_TYPES[type] : "msgtype-" + type);
  }

  private static boolean isDhcp(int port) {
    return port == 67 || port == 68;
  }

  private static boolean isDhcp6(int port) {
    return port == 546 || port == 547;
  }
}
