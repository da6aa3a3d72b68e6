package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u32;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

/**
 * TCP options as {@code tcpdump -nn -S} prints them: {@code , options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]}.
 * MSS, window scale, SACK, timestamps, MD5 signature, user timeout and unknown kinds print exactly; the options
 * tcpdump decodes further (MPTCP, TCP Fast Open, experimental, TCP-AO, the obsolete CC and echo options) print
 * their name and raw bytes in hex, where tcpdump's text differs.
 */
final class TcpOptions {
  private TcpOptions() {
  }

  /**
   * Appends the option list of {@code length} bytes at {@code at}. Returns false when tcpdump would end the line
   * there (a truncated or malformed list), so the caller prints no segment length after it.
   */
  static boolean append(StringBuilder out, byte[] f, int len, int at, int length) {
    out.append(", options [");
    int remaining = length;
    int cursor = at;
    boolean first = true;
    while (remaining > 0) {
      if (!first) {
        out.append(',');
      }
      if (len < cursor + 1) {
        out.append(" [|tcp]");
        return false;
      }
      int kind = u8(f, cursor++);
      int optionLength = 1;
      if (kind > 1) {
        if (len < cursor + 1) {
          out.append(" [|tcp]");
          return false;
        }
        optionLength = u8(f, cursor++);
        if (optionLength < 2 || optionLength > remaining) {
          return bad(out, first);
        }
        remaining--;
      }
      remaining--;
      out.append(name(kind));
      int dataLength = switch (kind) {
        case 0, 1, 4 -> 0;
        case 2, 28 -> 2;
        case 19 -> 16;
        case 3 -> 1;
        case 8 -> 8;
        default -> optionLength - 2;
      };
      if (dataLength > remaining) {
        return bad(out, first);
      }
      if (len < cursor + dataLength && kind != 5) {
        return truncated(out, first);
      }
      switch (kind) {
        case 0, 1, 4 -> {
        }
        case 2 -> out.append(' ').append(u16(f, cursor));
        case 3 -> out.append(' ').append(u8(f, cursor));
        case 8 -> out.append(" val ").append(u32(f, cursor)).append(" ecr ").append(u32(f, cursor + 4));
        case 19 -> {
          // tcpdump (built with libcrypto, as Debian's is) cannot check the signature without -M.
          out.append(" shared secret not supplied with -M, can't check - ");
          for (int i = 0; i < dataLength; i++) {
            out.append(String.format("%02x", u8(f, cursor + i)));
          }
        }
        case 28 -> {
          int timeout = u16(f, cursor);
          out.append(" 0x").append(Integer.toHexString(timeout)).append(' ')
              .append((timeout & 1) != 0 ? (timeout >> 1) * 60 : timeout >> 1);
        }
        case 5 -> {
          if (dataLength % 8 != 0) {
            out.append(" invalid sack");
          } else {
            out.append(' ').append(dataLength / 8).append(' ');
            for (int i = 0; i < dataLength; i += 8) {
              if (len < cursor + i + 8) {
                return truncated(out, first);
              }
              out.append('{').append(u32(f, cursor + i)).append(':').append(u32(f, cursor + i + 4)).append('}');
            }
          }
        }
        default -> {
          if (dataLength > 0) {
            out.append(" 0x");
            for (int i = 0; i < dataLength; i++) {
              out.append(String.format("%02x", u8(f, cursor + i)));
            }
          }
        }
      }
      cursor += dataLength;
      remaining -= dataLength;
      int printed = dataLength + (kind > 1 ? 2 : 1);
      if (printed != optionLength && kind > 1) {
        out.append("[len ").append(optionLength).append(']');
      }
      first = false;
      if (kind == 0) {
        break;
      }
    }
    out.append(']');
    return true;
  }

  /** An option's data not captured: tcpdump's marker, and a stray bracket after the first option. */
  private static boolean truncated(StringBuilder out, boolean first) {
    out.append(" [|tcp]");
    if (!first) {
      out.append('>');
    }
    return false;
  }

  private static boolean bad(StringBuilder out, boolean first) {
    out.append("[bad opt]");
    if (!first) {
      out.append(']');
    }
    return false;
  }

  static String name(int kind) {
    return switch (kind) {
      case 0 -> "eol";
      case 1 -> "nop";
      case 2 -> "mss";
      case 3 -> "wscale";
      case 4 -> "sackOK";
      case 5 -> "sack";
      case 6 -> "echo";
      case 7 -> "echoreply";
      case 8 -> "TS";
      case 11 -> "cc";
      case 12 -> "ccnew";
      case 13 -> "";
      case 19 -> "md5";
      case 20 -> "scps";
      case 28 -> "uto";
      case 29 -> "tcp-ao";
      case 30 -> "mptcp";
      case 34 -> "tfo";
      case 253, 254 -> "exp";
      default -> "unknown-" + kind;
    };
  }
}
