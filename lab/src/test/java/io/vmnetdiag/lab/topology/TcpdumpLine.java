package io.vmnetdiag.lab.topology;

import java.util.regex.Pattern;

/** One line of {@code tcpdump -tt -nn -e}: its epoch timestamp and the rest, with the questions the tests ask. */
record TcpdumpLine(double epochSeconds, String text) {

  /** Never throws: a line without a leading timestamp gets NaN. */
  static TcpdumpLine parse(String line) {
    int space = line.indexOf(' ');
    if (space > 0) {
      try {
        return new TcpdumpLine(Double.parseDouble(line.substring(0, space)), line.substring(space + 1));
      } catch (NumberFormatException ignored) {
        // fall through
      }
    }
    return new TcpdumpLine(Double.NaN, line);
  }

  boolean isAfter(double epochSeconds) {
    return this.epochSeconds >= epochSeconds;
  }

  boolean isSynTo(String ip) {
    return matches(": \\S+\\.\\d+ > " + q(ip) + "\\.\\d+: Flags \\[S\\],");
  }

  boolean isTcpFrom(String ip) {
    return matches(": " + q(ip) + "\\.\\d+ > \\S+: Flags \\[");
  }

  boolean isRstFrom(String ip) {
    return matches(": " + q(ip) + "\\.\\d+ > \\S+: Flags \\[R");
  }

  boolean isIcmpFrom(String ip) {
    return matches(": " + q(ip) + " > \\S+: ICMP ");
  }

  boolean isEchoReplyFrom(String ip) {
    return matches(": " + q(ip) + " > \\S+: ICMP echo reply");
  }

  boolean isSynAckFrom(String ip) {
    return matches(": " + q(ip) + "\\.\\d+ > \\S+: Flags \\[S\\.\\],");
  }

  /** A TCP segment from ip with the push flag: data flowing from it. */
  boolean isTcpDataFrom(String ip) {
    return matches(": " + q(ip) + "\\.\\d+ > \\S+: Flags \\[[^\\]]*P");
  }

  boolean isEchoRequestTo(String ip) {
    return matches(": \\S+ > " + q(ip) + ": ICMP echo request");
  }

  /** The source address of a SYN to ip, or null when this is none. */
  String synSourceTo(String ip) {
    var m = Pattern.compile(": (\\S+)\\.\\d+ > " + q(ip) + "\\.\\d+: Flags \\[S\\],").matcher(text);
    return m.find() ? m.group(1) : null;
  }

  /** A frame sent to this MAC ({@code -e} output: "SRC > DST, ..."). */
  boolean isToMac(String mac) {
    return matches("^\\S+ > " + q(mac) + ",");
  }

  boolean isFromMac(String mac) {
    return text.startsWith(mac + " > ");
  }

  /** A gratuitous ARP: a broadcast who-has for the sender's own address. */
  boolean isGratuitousArp(String mac, String ip) {
    return text.startsWith(mac + " > ff:ff:ff:ff:ff:ff")
        && matches("Request who-has " + q(ip) + " (\\(ff:ff:ff:ff:ff:ff\\) )?tell " + q(ip) + ",");
  }

  boolean has(String fragment) {
    return text.contains(fragment);
  }

  boolean isArpRequest(String senderMac, String senderIp, String targetIp) {
    return text.startsWith(senderMac + " > ff:ff:ff:ff:ff:ff")
        && text.contains("Request who-has " + targetIp + " tell " + senderIp + ",");
  }

  boolean isArpReplyTo(String destinationMac, String answeredIp) {
    return matches("^\\S+ > " + q(destinationMac) + ", ethertype ARP .*Reply " + q(answeredIp) + " is-at ");
  }

  private boolean matches(String regex) {
    return Pattern.compile(regex).matcher(text).find();
  }

  private static String q(String s) {
    return Pattern.quote(s);
  }
}
