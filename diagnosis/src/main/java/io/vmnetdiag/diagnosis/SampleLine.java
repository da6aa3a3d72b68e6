package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One tcpdump-style sample line, read just enough to tell its kind and direction; never throws. */
record SampleLine(String text, PacketKind kind, String source, String destination, Integer destinationPort,
    String arpTarget, String arpSender) {

  /** Which way a packet travels relative to the VM. */
  enum Direction { TO_VM, FROM_VM }

  private static final Pattern ARP_REQUEST =
      Pattern.compile("ARP, Request who-has ([^\\s,]+)(?: \\([^)]*\\))? tell ([^\\s,]+)");
  private static final Pattern ARP_REPLY = Pattern.compile("ARP, Reply ([^\\s,]+) is-at ([^\\s,]+)");
  private static final Pattern IP = Pattern.compile("\\bIP (\\S+) > (\\S+?): (.*)$");
  private static final Pattern ENDPOINT = Pattern.compile("^(\\d{1,3}(?:\\.\\d{1,3}){3})(?:\\.(\\d{1,5}))?$");
  private static final Pattern TIMESTAMP =
      Pattern.compile("^(?:\\d{4}-\\d{2}-\\d{2} )?\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d+)?\\s+");
  private static final Pattern TCP_FLAGS = Pattern.compile("Flags \\[([^\\]]*)\\]");

  static SampleLine parse(String raw) {
    String text = raw == null ? "" : raw.strip();
    Matcher m = ARP_REQUEST.matcher(text);
    if (m.find()) {
      return new SampleLine(text, PacketKind.ArpRequest, null, null, null, m.group(1), m.group(2));
    }
    m = ARP_REPLY.matcher(text);
    if (m.find()) {
      return new SampleLine(text, PacketKind.ArpReply, null, null, null, m.group(1), null);
    }
    m = IP.matcher(text);
    if (m.find()) {
      Matcher src = ENDPOINT.matcher(m.group(1));
      Matcher dst = ENDPOINT.matcher(m.group(2));
      return new SampleLine(text, ipKind(m.group(3)), src.matches() ? src.group(1) : null,
          dst.matches() ? dst.group(1) : null, dst.matches() ? port(dst.group(2)) : null, null, null);
    }
    return new SampleLine(text, PacketKind.Other, null, null, null, null, null);
  }

  /**
   * Whether this line travels in the given direction. Without the VM's address the direction
   * cannot be told, so every line qualifies (the kind still has to match).
   */
  boolean travels(Direction direction, String vmAddress) {
    if (vmAddress == null) {
      return true;
    }
    boolean fromVm = switch (kind) {
      case ArpRequest -> vmAddress.equals(arpSender);
      // A reply naming the VM's own address is the VM answering; any other reply is for the VM.
      case ArpReply -> vmAddress.equals(arpTarget);
      default -> vmAddress.equals(source);
    };
    boolean toVm = switch (kind) {
      case ArpRequest -> vmAddress.equals(arpTarget);
      case ArpReply -> !vmAddress.equals(arpTarget);
      default -> vmAddress.equals(destination);
    };
    return direction == Direction.FROM_VM ? fromVm : toVm;
  }

  /** The line without its timestamp: two lines with the same content show the same packet again. */
  String content() {
    return TIMESTAMP.matcher(text).replaceFirst("");
  }

  private static PacketKind ipKind(String rest) {
    if (rest.startsWith("ICMP")) {
      if (rest.contains("echo request")) {
        return PacketKind.IcmpEchoRequest;
      }
      return rest.contains("echo reply") ? PacketKind.IcmpEchoReply : PacketKind.IcmpOther;
    }
    Matcher flags = TCP_FLAGS.matcher(rest);
    if (!flags.find()) {
      return PacketKind.Other;
    }
    String f = flags.group(1);
    if (f.contains("R")) {
      return PacketKind.TcpRst;
    }
    if (f.contains("S")) {
      return f.contains(".") ? PacketKind.TcpSynAck : PacketKind.TcpSyn;
    }
    return PacketKind.TcpOther;
  }

  private static Integer port(String digits) {
    if (digits == null) {
      return null;
    }
    int port = Integer.parseInt(digits); // at most 5 digits: cannot overflow
    return port <= 65535 ? port : null;
  }
}
