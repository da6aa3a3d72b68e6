package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

import io.vmnetdiag.api.net.IpLiteral;

/**
 * DNS over UDP port 53, and mDNS on 5353, as {@code tcpdump -nn} prints it without {@code -v}: a query's id, flags and questions
 * ({@code 6699+ A? vm.example.lab. (32)}), a response's id, flags, section counts and answers
 * ({@code 6699 1/0/0 A 10.0.0.2 (48)}), the message length last. Answer types tcpdump prints data for (A, AAAA,
 * NS, CNAME, PTR, DNAME, MX, SRV, TXT) print it; other types print their name only, as tcpdump does. A message
 * cut by the snap length ends in {@code [|domain]} where tcpdump's does.
 */
final class DnsText {
  private static final String[] OPCODES = {"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7", " op8",
      " updateA", " updateD", " updateDA", " updateM", " updateMA", " zoneInit", " zoneRef"};
  private static final String[] RCODES = {"", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused",
      " YXDomain", " YXRRSet", " NXRRSet", " NotAuth", " NotZone", " Resp11", " Resp12", " Resp13", " Resp14",
      " NoChange"};
  private static final int MAX_POINTERS = 32;

  /** Thrown when a field is not captured: the line ends in tcpdump's marker. */
  private static final class Truncated extends Exception {
    Truncated() {
      super(null, null, false, false);
    }
  }

  private DnsText() {
  }

  static void append(StringBuilder out, byte[] f, int len, int dns, int length, boolean multicast) {
    try {
      appendMessage(out, f, len, dns, multicast);
      out.append(" (").append(length).append(')');
    } catch (Truncated e) {
      out.append(" [|domain]");
    }
  }

  private static void appendMessage(StringBuilder out, byte[] f, int len, int dns, boolean multicast) throws Truncated {
    need(len, dns + 12);
    int id = u16(f, dns);
    int flags = u16(f, dns + 2);
    int questions = u16(f, dns + 4);
    int answers = u16(f, dns + 6);
    int authorities = u16(f, dns + 8);
    int additional = u16(f, dns + 10);
    String opcode = OPCODES[(flags >> 11) & 0x0f];
    int at = dns + 12;
    if ((flags & 0x8000) != 0) {
      out.append(id).append(opcode).append(RCODES[flags & 0x0f]).append((flags & 0x0400) != 0 ? "*" : "")
          .append((flags & 0x0080) != 0 ? "" : "-").append((flags & 0x0200) != 0 ? "|" : "")
          .append((flags & 0x0020) != 0 ? "$" : "");
      if (questions != 1) {
        out.append(" [").append(questions).append("q]");
      }
      for (int i = 0; i < questions; i++) {
        at = skipName(f, len, at) + 4;
      }
      out.append(' ').append(answers).append('/').append(authorities).append('/').append(additional);
      if (answers > 0) {
        at = appendRecord(out, f, len, dns, at, multicast);
        int remaining = answers - 1;
        while (at < len && remaining > 0) {
          out.append(',');
          at = appendRecord(out, f, len, dns, at, multicast);
          remaining--;
        }
        if (remaining > 0) {
          throw new Truncated();
        }
      }
    } else {
      out.append(id).append(opcode).append((flags & 0x0100) != 0 ? "+" : "").append((flags & 0x0010) != 0 ? "%" : "");
      if ((flags & 0x6cf) != 0) {
        out.append(" [b2&3=0x").append(Integer.toHexString(flags)).append(']');
      }
      if (((flags >> 11) & 0x0f) == 1) {
        // Inverse queries print their answer count differently; they are obsolete.
        out.append(" [").append(answers).append("a]");
      } else {
        if (answers != 0) {
          out.append(" [").append(answers).append("a]");
        }
        if (questions != 1) {
          out.append(" [").append(questions).append("q]");
        }
      }
      if (authorities != 0) {
        out.append(" [").append(authorities).append("n]");
      }
      if (additional != 0) {
        out.append(" [").append(additional).append("au]");
      }
      for (int i = 0; i < questions; i++) {
        if (i > 0 && at >= len) {
          throw new Truncated();
        }
        at = appendQuestion(out, f, len, dns, at, multicast);
      }
    }
  }

  private static int appendQuestion(StringBuilder out, byte[] f, int len, int dns, int at, boolean multicast)
      throws Truncated {
    int typeAt = skipName(f, len, at);
    need(len, typeAt + 4);
    out.append(' ').append(typeName(u16(f, typeAt)));
    int rawClass = u16(f, typeAt + 2);
    int dnsClass = multicast ? rawClass & 0x7fff : rawClass;
    if (dnsClass != 1) {
      out.append(' ').append(className(dnsClass));
    }
    if (multicast) {
      // mDNS: the top bit of the class asks for a unicast answer.
      out.append((rawClass & 0x8000) != 0 ? " (QU)" : " (QM)");
    }
    out.append("? ");
    appendName(out, f, len, dns, at);
    return typeAt + 4;
  }

  private static int appendRecord(StringBuilder out, byte[] f, int len, int dns, int at, boolean multicast)
      throws Truncated {
    int typeAt = skipName(f, len, at);
    if (len < typeAt + 10) {
      // tcpdump stops quietly at a record whose fixed fields were not captured.
      return len;
    }
    int type = u16(f, typeAt);
    int rawClass = u16(f, typeAt + 2);
    int dnsClass = multicast ? rawClass & 0x7fff : rawClass;
    int dataLength = u16(f, typeAt + 8);
    int data = typeAt + 10;
    if (dnsClass != 1 && type != 41) {
      out.append(' ').append(className(dnsClass));
    }
    if (multicast && (rawClass & 0x8000) != 0) {
      out.append(" (Cache flush)");
    }
    out.append(' ').append(typeName(type));
    need(len, data + dataLength);
    switch (type) {
      case 1 -> {
        need(len, data + 4);
        out.append(' ').append(IpLiteral.format(f, data, 4));
      }
      case 28 -> {
        need(len, data + 16);
        out.append(' ').append(IpLiteral.format(f, data, 16));
      }
      case 2, 5, 12, 39 -> {
        out.append(' ');
        appendName(out, f, len, dns, data);
      }
      case 15 -> {
        need(len, data + 2);
        out.append(' ');
        appendName(out, f, len, dns, data + 2);
        out.append(' ').append(u16(f, data));
      }
      case 33 -> {
        need(len, data + 6);
        out.append(' ');
        appendName(out, f, len, dns, data + 6);
        out.append(':').append(u16(f, data + 4)).append(' ').append(u16(f, data)).append(' ').append(u16(f, data + 2));
      }
      case 16 -> {
        int cursor = data;
        while (cursor < data + dataLength) {
          int size = u8(f, cursor);
          out.append(" \"");
          for (int i = 1; i <= size && cursor + i < data + dataLength; i++) {
            appendChar(out, u8(f, cursor + i));
          }
          out.append('"');
          cursor += size + 1;
        }
      }
      default -> {
      }
    }
    return data + dataLength;
  }

  /** The offset after a name as it sits in the message (a pointer ends it). */
  private static int skipName(byte[] f, int len, int at) throws Truncated {
    int cursor = at;
    while (true) {
      need(len, cursor + 1);
      int size = u8(f, cursor);
      if (size == 0) {
        return cursor + 1;
      }
      if ((size & 0xc0) == 0xc0) {
        return cursor + 2;
      }
      cursor += size + 1;
    }
  }

  private static void appendName(StringBuilder out, byte[] f, int len, int dns, int at) throws Truncated {
    int cursor = at;
    int pointers = 0;
    boolean any = false;
    while (true) {
      need(len, cursor + 1);
      int size = u8(f, cursor);
      if (size == 0) {
        break;
      }
      if ((size & 0xc0) == 0xc0) {
        need(len, cursor + 2);
        if (++pointers > MAX_POINTERS) {
          throw new Truncated();
        }
        cursor = dns + (u16(f, cursor) & 0x3fff);
        continue;
      }
      need(len, cursor + 1 + size);
      for (int i = 1; i <= size; i++) {
        appendChar(out, u8(f, cursor + i));
      }
      out.append('.');
      any = true;
      cursor += size + 1;
    }
    if (!any) {
      out.append('.');
    }
  }

  private static void appendChar(StringBuilder out, int c) {
    out.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
  }

  private static void need(int len, int end) throws Truncated {
    if (len < end) {
      throw new Truncated();
    }
  }

  private static String className(int dnsClass) {
    return switch (dnsClass) {
      case 1 -> "IN";
      case 3 -> "CHAOS";
      case 4 -> "HS";
      case 255 -> "ANY";
      default -> "(Class " + dnsClass + ")";
    };
  }

  static String typeName(int type) {
    return switch (type) {
      case 1 -> "A";
      case 2 -> "NS";
      case 3 -> "MD";
      case 4 -> "MF";
      case 5 -> "CNAME";
      case 6 -> "SOA";
      case 7 -> "MB";
      case 8 -> "MG";
      case 9 -> "MR";
      case 10 -> "NULL";
      case 11 -> "WKS";
      case 12 -> "PTR";
      case 13 -> "HINFO";
      case 14 -> "MINFO";
      case 15 -> "MX";
      case 16 -> "TXT";
      case 17 -> "RP";
      case 18 -> "AFSDB";
      case 19 -> "X25";
      case 20 -> "ISDN";
      case 21 -> "RT";
      case 22 -> "NSAP";
      case 23 -> "NSAP_PTR";
      case 24 -> "SIG";
      case 25 -> "KEY";
      case 26 -> "PX";
      case 27 -> "GPOS";
      case 28 -> "AAAA";
      case 29 -> "LOC";
      case 30 -> "NXT";
      case 31 -> "EID";
      case 32 -> "NIMLOC";
      case 33 -> "SRV";
      case 34 -> "ATMA";
      case 35 -> "NAPTR";
      case 36 -> "KX";
      case 37 -> "CERT";
      case 38 -> "A6";
      case 39 -> "DNAME";
      case 40 -> "SINK";
      case 41 -> "OPT";
      case 42 -> "APL";
      case 43 -> "DS";
      case 44 -> "SSHFP";
      case 45 -> "IPSECKEY";
      case 46 -> "RRSIG";
      case 47 -> "NSEC";
      case 48 -> "DNSKEY";
      case 99 -> "SPF";
      case 100 -> "UINFO";
      case 101 -> "UID";
      case 102 -> "GID";
      case 103 -> "UNSPEC";
      case 104 -> "UNSPECA";
      case 249 -> "TKEY";
      case 250 -> "TSIG";
      case 251 -> "IXFR";
      case 252 -> "AXFR";
      case 253 -> "MAILB";
      case 254 -> "MAILA";
      case 255 -> "ANY";
      default -> "Type" + type;
    };
  }
}
