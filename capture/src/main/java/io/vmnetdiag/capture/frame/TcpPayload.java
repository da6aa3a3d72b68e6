package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.u8;

import java.util.Set;

/**
 * What {@code tcpdump -nn} prints after a TCP segment's length for the services a VM is reached on: the SSH
 * version banner (port 22) and the first line of an HTTP request or response (ports 80 and 8080). Other ports
 * tcpdump decodes (SMTP, FTP, RTSP, BGP, NFS, Redis, DNS over TCP, OpenFlow...) print nothing more here.
 */
final class TcpPayload {
  private static final Set<String> HTTP_METHODS = Set.of("GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST",
      "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY",
      "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH",
      "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT",
      "VERSION-CONTROL", "BASELINE-CONTROL");
  private static final int MAX_TOKEN = 128;

  private TcpPayload() {
  }

  static void append(StringBuilder out, byte[] f, int len, int data, int dataLength, int sourcePort,
      int destinationPort) {
    if (sourcePort == 22 || destinationPort == 22) {
      appendSsh(out, f, Math.min(len, data + dataLength), data, data + dataLength);
    } else if (sourcePort == 80 || destinationPort == 80 || sourcePort == 8080 || destinationPort == 8080) {
      appendHttp(out, f, Math.min(len, data + dataLength), data, data + dataLength);
    }
  }

  /** "SSH-..." up to the line's end, when the line ends in the segment; tcpdump's marker when it is cut. */
  private static void appendSsh(StringBuilder out, byte[] f, int captured, int data, int end) {
    String prefix = "SSH-";
    for (int i = 0; i < prefix.length(); i++) {
      if (data + i >= captured) {
        out.append(" [|ssh]");
        return;
      }
      if (u8(f, data + i) != prefix.charAt(i)) {
        return;
      }
    }
    for (int at = data + prefix.length(); at < end; at++) {
      if (at >= captured) {
        out.append(" [|ssh]");
        return;
      }
      if (u8(f, at) == '\n') {
        int lineEnd = at > data && u8(f, at - 1) == '\r' ? at - 1 : at;
        out.append(": SSH: ");
        appendText(out, f, data, lineEnd);
        return;
      }
    }
  }

  /**
   * ": HTTP", then the first line when the first token is a method or the second a three-digit status, as
   * tcpdump's txtproto_print decides it: tokens from the captured bytes, the line up to CR LF or LF within the
   * segment; a line cut by the snap length is only tcpdump's marker, a segment that ends mid-line prints it.
   */
  private static void appendHttp(StringBuilder out, byte[] f, int captured, int data, int end) {
    StringBuilder token = new StringBuilder();
    int next = fetchToken(f, captured, end, data, token);
    boolean print = false;
    if (next >= 0) {
      print = HTTP_METHODS.contains(token.toString().toUpperCase(java.util.Locale.ROOT));
      token.setLength(0);
      int after = fetchToken(f, captured, end, next, token);
      if (after >= 0 && token.length() == 3 && Character.isDigit(token.charAt(0)) && Character.isDigit(token.charAt(1))
          && Character.isDigit(token.charAt(2))) {
        print = true;
      }
    }
    out.append(": HTTP");
    if (!print) {
      return;
    }
    for (int at = data; at < end; at++) {
      if (at >= captured) {
        out.append(" [|http]");
        return;
      }
      int c = u8(f, at);
      if (c == '\n') {
        out.append(": ");
        appendText(out, f, data, at);
        return;
      }
      if (c == '\r') {
        if (at + 1 >= end) {
          return;
        }
        if (at + 1 >= captured) {
          out.append(" [|http]");
          return;
        }
        if (u8(f, at + 1) == '\n') {
          out.append(": ");
          appendText(out, f, data, at);
        }
        return;
      }
      if (!printable(c) && c != '\t') {
        return;
      }
    }
    out.append(": ");
    appendText(out, f, data, end);
    out.append(" [|http]");
  }

  /**
   * tcpdump's fetch_token: printable characters up to a blank, CR or LF, within the segment; running past the
   * captured bytes means no token. Then the spaces and tabs after it. The offset after them, or -1 without a token.
   */
  private static int fetchToken(byte[] f, int captured, int end, int at, StringBuilder token) {
    int cursor = at;
    for (; cursor < end; cursor++) {
      if (cursor >= captured) {
        return -1;
      }
      int c = u8(f, cursor);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        break;
      }
      if (!printable(c)) {
        return -1;
      }
      if (token.length() < MAX_TOKEN - 1) {
        token.append((char) c);
      }
    }
    if (token.length() == 0) {
      return -1;
    }
    while (cursor < end && cursor < captured && (u8(f, cursor) == ' ' || u8(f, cursor) == '\t')) {
      cursor++;
    }
    return cursor;
  }

  private static boolean printable(int c) {
    return c >= 0x20 && c <= 0x7e;
  }

  private static void appendText(StringBuilder out, byte[] f, int from, int to) {
    for (int i = from; i < to; i++) {
      out.append((char) u8(f, i));
    }
  }
}
