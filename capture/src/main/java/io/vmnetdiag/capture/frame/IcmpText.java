package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_UDP;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u32;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

import io.vmnetdiag.api.net.IpLiteral;

/**
 * ICMP, IGMP and ICMPv6 messages as {@code tcpdump -nn} (4.99) prints them; callers catch what a bounds check
 * misses. tcpdump builds an ICMP line whole and prints only its marker when a field it needs was not captured;
 * an ICMPv6 line is printed as it is decoded, so the marker follows what was decoded.
 */
final class IcmpText {
  private static final int QUOTED_PACKET = 8;
  private static final String[] UNREACHABLE = {
      "net %s unreachable", "host %s unreachable", null, null, null, "%s unreachable - source route failed",
      "net %s unreachable - unknown", "host %s unreachable - unknown", "%s unreachable - source host isolated",
      "net %s unreachable - admin prohibited", "host %s unreachable - admin prohibited",
      "net %s unreachable - tos prohibited", "host %s unreachable - tos prohibited",
      "host %s unreachable - admin prohibited filter", "host %s unreachable - host precedence violation",
      "host %s unreachable - precedence cutoff"};

  private IcmpText() {
  }

  static void appendIcmp(StringBuilder out, byte[] f, int len, int icmp, int icmpLength) {
    String text = icmp(f, len, icmp);
    if (text == null) {
      out.append(" [|icmp]");
      return;
    }
    out.append("ICMP ").append(text).append(", length ").append(icmpLength);
  }

  /** The text after "ICMP ", or null when a field it needs was not captured. */
  private static String icmp(byte[] f, int len, int icmp) {
    if (len < icmp + 4) {
      return null;
    }
    int type = u8(f, icmp);
    int code = u8(f, icmp + 1);
    int quoted = icmp + QUOTED_PACKET;
    boolean quotedDestination = len >= quoted + 20;
    String destination = quotedDestination ? IpLiteral.format(f, quoted + 16, 4) : null;
    switch (type) {
      case 0, 8 -> {
        return len < icmp + 8 ? null : "echo " + (type == 8 ? "request" : "reply") + ", id " + u16(f, icmp + 4)
            + ", seq " + u16(f, icmp + 6);
      }
      case 3 -> {
        if (!quotedDestination) {
          return null;
        }
        int protocol = u8(f, quoted + 9);
        switch (code) {
          case 2 -> {
            return destination + " protocol " + protocol + " unreachable";
          }
          case 3 -> {
            int ports = quoted + (u8(f, quoted) & 0x0f) * 4;
            if (len < ports + 4) {
              return null;
            }
            int port = u16(f, ports + 2);
            return switch (protocol) {
              case PROTO_TCP -> destination + " tcp port " + port + " unreachable";
              case PROTO_UDP -> destination + " udp port " + port + " unreachable";
              default -> destination + " protocol " + protocol + " port " + port + " unreachable";
            };
          }
          case 4 -> {
            int mtu = u16(f, icmp + 6);
            return destination + " unreachable - need to frag" + (mtu != 0 ? " (mtu " + mtu + ")" : "");
          }
          default -> {
            return code < UNREACHABLE.length ? String.format(UNREACHABLE[code], destination)
                : destination + " unreachable - #" + code;
          }
        }
      }
      case 4 -> {
        return "source quench";
      }
      case 5 -> {
        if (!quotedDestination || len < icmp + 8) {
          return null;
        }
        String gateway = IpLiteral.format(f, icmp + 4, 4);
        return switch (code) {
          case 0 -> "redirect " + destination + " to net " + gateway;
          case 1 -> "redirect " + destination + " to host " + gateway;
          case 2 -> "redirect-tos " + destination + " to net " + gateway;
          case 3 -> "redirect-tos " + destination + " to host " + gateway;
          default -> "redirect-#" + code + " " + destination + " to " + gateway;
        };
      }
      case 10 -> {
        return "router solicitation";
      }
      case 11 -> {
        return switch (code) {
          case 0 -> "time exceeded in-transit";
          case 1 -> "ip reassembly time exceeded";
          default -> "time exceeded-#" + code;
        };
      }
      case 12 -> {
        if (code != 0) {
          return "parameter problem - code " + code;
        }
        return len < icmp + 5 ? null : "parameter problem - octet " + u8(f, icmp + 4);
      }
      case 13 -> {
        return len < icmp + 8 ? null : "time stamp query id " + u16(f, icmp + 4) + " seq " + u16(f, icmp + 6);
      }
      case 15 -> {
        return "information request";
      }
      case 16 -> {
        return "information reply";
      }
      case 17 -> {
        return "address mask request";
      }
      case 18 -> {
        return len < icmp + 12 ? null : String.format("address mask is 0x%08x", u32(f, icmp + 8));
      }
      default -> {
        // Router advertisements (9) and time stamp replies (14) print further details in tcpdump.
        return "type-#" + type;
      }
    }
  }

  /** IGMP as tcpdump prints it: no length, the group for reports and leaves. */
  static void appendIgmp(StringBuilder out, byte[] f, int len, int igmp, int igmpLength) {
    if (len < igmp + 1) {
      out.append(" [|igmp]");
      return;
    }
    int type = u8(f, igmp);
    switch (type) {
      case 0x11 -> {
        out.append("igmp query");
        if (len < igmp + 8) {
          out.append(" [|igmp]");
          return;
        }
        int maxResponse = u8(f, igmp + 1);
        boolean group = !isZero(f, igmp + 4);
        if (igmpLength >= 12) {
          out.append(" v3");
          int time = maxResponse < 128 ? maxResponse : ((maxResponse & 0x0f) | 0x10) << (((maxResponse & 0x70) >> 4) + 3);
          if (maxResponse != 100) {
            out.append(" [max resp time ").append(time < 600 ? String.format("%.1fs", time * 0.1) : duration(time / 10))
                .append(']');
          }
          if (group) {
            if (len < igmp + 12) {
              out.append(" [|igmp]");
              return;
            }
            out.append(" [gaddr ").append(IpLiteral.format(f, igmp + 4, 4));
            int sources = u16(f, igmp + 10);
            if (sources > 0) {
              out.append(igmpLength < 12 + sources * 4 ? " [invalid number of sources " + sources + "]"
                  : ", " + sources + " source(s)");
            }
            out.append(']');
          }
        } else {
          if (maxResponse == 0) {
            out.append(" v1");
          } else {
            out.append(" v2");
            if (maxResponse != 100) {
              out.append(" [max resp time ").append(maxResponse).append(']');
            }
          }
          if (group) {
            out.append(" [gaddr ").append(IpLiteral.format(f, igmp + 4, 4)).append(']');
          }
          if (igmpLength != 8) {
            out.append(" [len ").append(igmpLength).append(']');
          }
        }
      }
      case 0x12, 0x16, 0x17 -> {
        if (len < igmp + 8) {
          out.append(" [|igmp]");
          return;
        }
        out.append(type == 0x12 ? "igmp v1 report " : type == 0x16 ? "igmp v2 report " : "igmp leave ")
            .append(IpLiteral.format(f, igmp + 4, 4));
      }
      case 0x22 -> {
        out.append("igmp v3 report");
        if (len < igmp + 8) {
          out.append(" [|igmp]");
          return;
        }
        out.append(", ").append(u16(f, igmp + 6)).append(" group record(s)");
      }
      default -> out.append("igmp-").append(type);
    }
  }

  static void appendIcmpv6(StringBuilder out, byte[] f, int len, int icmp, int icmpLength) {
    if (len < icmp + 1) {
      out.append(" [|icmp6]");
      return;
    }
    out.append("ICMP6, ");
    int type = u8(f, icmp);
    out.append(icmpv6Name(type));
    if (len < icmp + 2) {
      out.append(" [|icmp6]");
      return;
    }
    int code = u8(f, icmp + 1);
    boolean complete = switch (type) {
      case 1 -> unreachable6(out, f, len, icmp, code);
      case 2 -> field(out, len, icmp + 8, () -> ", mtu " + u32(f, icmp + 4));
      case 3 -> switch (code) {
        case 0 -> {
          out.append(" in-transit");
          yield field(out, len, icmp + 8 + 40, () -> " for " + IpLiteral.format(f, icmp + 8 + 24, 16));
        }
        case 1 -> {
          out.append(" in-transit (reassembly)");
          yield true;
        }
        default -> {
          out.append(" in-transit, unknown code (").append(code).append(')');
          yield true;
        }
      };
      case 4 -> field(out, len, icmp + 8 + 40, () -> switch (code) {
        case 0 -> ", erroneous - octet " + u32(f, icmp + 4);
        case 1 -> ", next header - octet " + u32(f, icmp + 4);
        case 2 -> ", option - octet " + u32(f, icmp + 4);
        case 3 -> ", incomplete header chain - octet " + u32(f, icmp + 4);
        default -> ", code-#" + code;
      });
      case 128, 129 -> field(out, len, icmp + 8, () -> ", id " + u16(f, icmp + 4) + ", seq " + u16(f, icmp + 6));
      case 130 -> {
        if (icmpLength == 24) {
          yield mld(out, f, len, icmp);
        } else if (icmpLength >= 28) {
          out.append(" v2");
          if (len < icmp + 24) {
            yield field(out, len, icmp + 24, () -> "");
          }
          out.append(" [gaddr ").append(IpLiteral.format(f, icmp + 8, 16));
          if (len < icmp + 28) {
            yield field(out, len, icmp + 28, () -> "");
          }
          int sources = u16(f, icmp + 26);
          if (sources > 0) {
            out.append(icmpLength < 28 + sources * 16 ? " [invalid number of sources]" : ", " + sources + " source(s)");
          }
          out.append(']');
          yield true;
        }
        out.append(" unknown-version (len ").append(icmpLength).append(") ");
        yield true;
      }
      case 131, 132 -> mld(out, f, len, icmp);
      case 135 -> field(out, len, icmp + 24, () -> ", who has " + IpLiteral.format(f, icmp + 8, 16));
      case 136 -> field(out, len, icmp + 24, () -> ", tgt is " + IpLiteral.format(f, icmp + 8, 16));
      case 137 -> field(out, len, icmp + 40, () -> ", " + IpLiteral.format(f, icmp + 24, 16) + " to "
          + IpLiteral.format(f, icmp + 8, 16));
      case 143 -> field(out, len, icmp + 8, () -> ", " + u16(f, icmp + 6) + " group record(s)");
      default -> true;
    };
    if (complete) {
      out.append(", length ").append(icmpLength);
    }
  }

  private static boolean mld(StringBuilder out, byte[] f, int len, int icmp) {
    // tcpdump prints these right after the type's name, without a separator, and nothing when they are cut.
    if (len >= icmp + 24) {
      out.append("max resp delay: ").append(u16(f, icmp + 4)).append(" addr: ").append(IpLiteral.format(f, icmp + 8, 16));
    }
    return true;
  }

  private static boolean field(StringBuilder out, int len, int needed, java.util.function.Supplier<String> text) {
    if (len < needed) {
      out.append(" [|icmp6]");
      return false;
    }
    out.append(text.get());
    return true;
  }

  private static boolean unreachable6(StringBuilder out, byte[] f, int len, int icmp, int code) {
    int inner = icmp + QUOTED_PACKET;
    java.util.function.Supplier<String> destination = () -> IpLiteral.format(f, inner + 24, 16);
    switch (code) {
      case 0 -> {
        out.append(", unreachable route");
        return field(out, len, inner + 40, () -> " " + destination.get());
      }
      case 1 -> {
        out.append(",  unreachable prohibited");
        return field(out, len, inner + 40, () -> " " + destination.get());
      }
      case 2 -> {
        out.append(", beyond scope");
        return field(out, len, inner + 40, () -> " " + destination.get() + ", source address "
            + IpLiteral.format(f, inner + 8, 16));
      }
      case 3 -> {
        out.append(", unreachable address");
        return field(out, len, inner + 40, () -> " " + destination.get());
      }
      case 4 -> {
        out.append(", unreachable port");
        int next = len >= inner + 40 ? u8(f, inner + 6) : -1;
        if ((next != PROTO_TCP && next != PROTO_UDP) || len < inner + 44) {
          out.append(" [|icmp6]");
          return false;
        }
        out.append(", ").append(destination.get()).append(next == PROTO_TCP ? " tcp port " : " udp port ")
            .append(u16(f, inner + 42));
        return true;
      }
      default -> {
        // tcpdump follows this with a hex dump of the message and no length.
        out.append(", unknown unreach code (").append(code).append(')');
        return false;
      }
    }
  }

  static String icmpv6Name(int type) {
    return switch (type) {
      case 1 -> "destination unreachable";
      case 2 -> "packet too big";
      case 3 -> "time exceeded";
      case 4 -> "parameter problem";
      case 128 -> "echo request";
      case 129 -> "echo reply";
      case 130 -> "multicast listener query";
      case 131 -> "multicast listener report";
      case 132 -> "multicast listener done";
      case 133 -> "router solicitation";
      case 134 -> "router advertisement";
      case 135 -> "neighbor solicitation";
      case 136 -> "neighbor advertisement";
      case 137 -> "redirect";
      case 138 -> "router renumbering";
      case 141 -> "inverse neighbor solicitation";
      case 142 -> "inverse neighbor advertisement";
      case 143 -> "multicast listener report v2";
      case 144 -> "ha discovery request";
      case 145 -> "ha discovery reply";
      case 146 -> "mobile router solicitation";
      case 147 -> "mobile router advertisement";
      case 155 -> "RPL";
      case 200 -> "mtrace response";
      case 201 -> "mtrace message";
      default -> "unknown icmp6 type (" + type + ")";
    };
  }

  /** tcpdump's relative time: "5m7s", "1h3s" (units that are zero are left out). */
  static String duration(int seconds) {
    if (seconds == 0) {
      return "0s";
    }
    int[] units = {31_536_000, 604_800, 86_400, 3_600, 60, 1};
    char[] names = {'y', 'w', 'd', 'h', 'm', 's'};
    StringBuilder out = new StringBuilder();
    int left = seconds;
    for (int i = 0; i < units.length; i++) {
      if (left >= units[i]) {
        out.append(left / units[i]).append(names[i]);
        left %= units[i];
      }
    }
    return out.toString();
  }

  private static boolean isZero(byte[] f, int at) {
    return f[at] == 0 && f[at + 1] == 0 && f[at + 2] == 0 && f[at + 3] == 0;
  }
}
