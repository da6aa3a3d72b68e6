package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_UDP;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

import io.vmnetdiag.api.net.IpLiteral;

/** ICMP and ICMPv6 messages as {@code tcpdump -nn} prints them; callers catch what a bounds check misses. */
final class IcmpText {
  private static final int QUOTED_PACKET = 8;

  private IcmpText() {
  }

  static void appendIcmp(StringBuilder out, byte[] f, int len, int icmp, int icmpLength) {
    if (len < icmp + 2) {
      out.append("[|icmp]");
      return;
    }
    int type = u8(f, icmp);
    int code = u8(f, icmp + 1);
    switch (type) {
      case 8, 0 -> {
        out.append("ICMP echo ").append(type == 8 ? "request" : "reply");
        if (len < icmp + 8) {
          out.append(" [|icmp]");
          return;
        }
        out.append(", id ").append(u16(f, icmp + 4)).append(", seq ").append(u16(f, icmp + 6));
      }
      case 3 -> appendUnreachable(out, f, len, icmp, code);
      case 11 -> out.append("ICMP time exceeded, code ").append(code);
      case 5 -> out.append("ICMP redirect, code ").append(code);
      default -> out.append("ICMP type ").append(type).append(", code ").append(code);
    }
    out.append(", length ").append(icmpLength);
  }

  // tcpdump names what was unreachable from the packet the error quotes, when the capture holds it.
  private static void appendUnreachable(StringBuilder out, byte[] f, int len, int icmp, int code) {
    int inner = icmp + QUOTED_PACKET;
    if (len < inner + 20 || (u8(f, inner) >> 4) != 4 || code > 4) {
      out.append("ICMP destination unreachable, code ").append(code);
      return;
    }
    String destination = IpLiteral.format(f, inner + 16, 4);
    int protocol = u8(f, inner + 9);
    int ports = inner + (u8(f, inner) & 0x0f) * 4;
    switch (code) {
      case 0 -> out.append("ICMP net ").append(destination).append(" unreachable");
      case 1 -> out.append("ICMP host ").append(destination).append(" unreachable");
      case 2 -> out.append("ICMP ").append(destination).append(" protocol ").append(protocol).append(" unreachable");
      case 3 -> {
        boolean named = (protocol == PROTO_TCP || protocol == PROTO_UDP) && len >= ports + 4;
        out.append("ICMP ").append(destination);
        if (named) {
          out.append(protocol == PROTO_TCP ? " tcp" : " udp").append(" port ").append(u16(f, ports + 2));
        } else {
          out.append(" port");
        }
        out.append(" unreachable");
      }
      default -> out.append("ICMP ").append(destination).append(" unreachable - need to frag (mtu ")
          .append(len >= icmp + 8 ? u16(f, icmp + 6) : 0).append(')');
    }
  }

  static void appendIcmpv6(StringBuilder out, byte[] f, int len, int icmp, int icmpLength) {
    if (len < icmp + 2) {
      out.append("[|icmp6]");
      return;
    }
    out.append("ICMP6, ");
    int type = u8(f, icmp);
    int code = u8(f, icmp + 1);
    switch (type) {
      case 128, 129 -> {
        out.append("echo ").append(type == 128 ? "request" : "reply");
        if (len < icmp + 8) {
          out.append(" [|icmp6]");
          return;
        }
        out.append(", id ").append(u16(f, icmp + 4)).append(", seq ").append(u16(f, icmp + 6));
      }
      case 135, 136 -> {
        out.append(type == 135 ? "neighbor solicitation, who has " : "neighbor advertisement, tgt is ");
        if (len < icmp + 24) {
          out.append("[|icmp6]");
          return;
        }
        out.append(IpLiteral.format(f, icmp + 8, 16));
      }
      case 133 -> out.append("router solicitation");
      case 134 -> out.append("router advertisement");
      case 1 -> appendUnreachable6(out, f, len, icmp, code);
      case 2 -> {
        out.append("packet too big");
        if (len >= icmp + 8) {
          out.append(", mtu ").append(FrameBytes.u32(f, icmp + 4));
        }
      }
      case 3 -> out.append("time exceeded in-transit, code ").append(code);
      default -> out.append("type ").append(type).append(", code ").append(code);
    }
    out.append(", length ").append(icmpLength);
  }

  private static void appendUnreachable6(StringBuilder out, byte[] f, int len, int icmp, int code) {
    out.append("destination unreachable, ");
    int inner = icmp + QUOTED_PACKET;
    if (len < inner + 40 || (u8(f, inner) >> 4) != 6) {
      out.append("code ").append(code);
      return;
    }
    String destination = IpLiteral.format(f, inner + 24, 16);
    int next = u8(f, inner + 6);
    switch (code) {
      case 0 -> out.append("unreachable route ").append(destination);
      case 1 -> out.append("unreachable prohibited ").append(destination);
      case 3 -> out.append("unreachable address ").append(destination);
      case 4 -> {
        out.append("unreachable port ").append(destination);
        if ((next == PROTO_TCP || next == PROTO_UDP) && len >= inner + 44) {
          out.append(next == PROTO_TCP ? " tcp" : " udp").append(" port ").append(u16(f, inner + 42));
        }
      }
      default -> out.append("code ").append(code).append(' ').append(destination);
    }
  }
}
