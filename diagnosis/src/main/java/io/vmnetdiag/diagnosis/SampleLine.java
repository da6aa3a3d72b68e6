package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tcpdump-style sample line, read just enough to tell its kind and direction; never throws.
 * Neighbour resolution (ARP and IPv6 ND) names the address being resolved ({@code neighborTarget})
 * and, for requests, who asks ({@code neighborSender}).
 */
record SampleLine(String text, PacketKind kind, String source, String destination, Integer destinationPort,
    String neighborTarget, String neighborSender) {

  /** Which way a packet travels relative to the VM. */
  enum Direction { TO_VM, FROM_VM }

  private static final Pattern ARP_REQUEST =
      Pattern.compile("ARP, Request who-has ([^\\s,]+)(?: \\([^)]*\\))? tell ([^\\s,]+)");
  private static final Pattern ARP_REPLY = Pattern.compile("ARP, Reply ([^\\s,]+) is-at ([^\\s,]+)");
  private static final Pattern IP = Pattern.compile("\\bIP6? (\\S+) > (\\S+?): (.*)$");
  private static final Pattern IPV4_ENDPOINT = Pattern.compile("^(\\d{1,3}(?:\\.\\d{1,3}){3})(?:\\.(\\d{1,5}))?$");
  private static final Pattern IPV6_ENDPOINT = Pattern.compile("^([0-9a-fA-F]*:[0-9a-fA-F:]*)(?:\\.(\\d{1,5}))?$");
  private static final Pattern SOLICITATION = Pattern.compile("^ICMP6, neighbor solicitation, who has ([0-9a-fA-F:]+)");
  private static final Pattern ADVERTISEMENT = Pattern.compile("^ICMP6, neighbor advertisement, tgt is ([0-9a-fA-F:]+)");
  private static final Pattern TIMESTAMP =
      Pattern.compile("^(?:\\d{4}-\\d{2}-\\d{2} )?\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d+)?\\s+");
  private static final Pattern TCP_FLAGS = Pattern.compile("Flags \\[([^\\]]*)\\]");
  private static final Pattern LENGTH = Pattern.compile(", length (\\d{1,9})");
  private static final String UNSPECIFIED = "0.0.0.0";
  private static final String BROADCAST = "255.255.255.255";

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
      Matcher src = endpoint(m.group(1));
      Matcher dst = endpoint(m.group(2));
      String source = src != null ? src.group(1) : null;
      String destination = dst != null ? dst.group(1) : null;
      Integer port = dst != null ? port(dst.group(2)) : null;
      boolean ports = src != null && src.group(2) != null && dst != null && dst.group(2) != null;
      String rest = m.group(3);
      Matcher nd = SOLICITATION.matcher(rest);
      if (nd.find()) {
        return new SampleLine(text, PacketKind.NeighborSolicitation, source, destination, null, nd.group(1), source);
      }
      nd = ADVERTISEMENT.matcher(rest);
      if (nd.find()) {
        return new SampleLine(text, PacketKind.NeighborAdvertisement, source, destination, null, nd.group(1), null);
      }
      return new SampleLine(text, ipKind(rest, ports), source, destination, port, null, null);
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
      case ArpRequest, NeighborSolicitation -> vmAddress.equals(neighborSender);
      // An answer naming the VM's own address is the VM answering; any other answer is for the VM.
      case ArpReply, NeighborAdvertisement -> vmAddress.equals(neighborTarget);
      // A DHCP client has no address yet: at a hop filtered for the VM, it is the VM.
      case Dhcp -> vmAddress.equals(source) || isBootpRequest() && UNSPECIFIED.equals(source);
      default -> vmAddress.equals(source);
    };
    boolean toVm = switch (kind) {
      case ArpRequest, NeighborSolicitation -> vmAddress.equals(neighborTarget);
      case ArpReply, NeighborAdvertisement -> !vmAddress.equals(neighborTarget);
      case Dhcp -> vmAddress.equals(destination) || !isBootpRequest() && BROADCAST.equals(destination);
      default -> vmAddress.equals(destination);
    };
    return direction == Direction.FROM_VM ? fromVm : toVm;
  }

  /** The line without its timestamp: two lines with the same content show the same packet again. */
  String content() {
    return TIMESTAMP.matcher(text).replaceFirst("");
  }

  private boolean isBootpRequest() {
    return text.contains("BOOTP/DHCP, Request");
  }

  private static Matcher endpoint(String text) {
    Matcher v4 = IPV4_ENDPOINT.matcher(text);
    if (v4.matches()) {
      return v4;
    }
    Matcher v6 = IPV6_ENDPOINT.matcher(text);
    return v6.matches() ? v6 : null;
  }

  private static PacketKind ipKind(String rest, boolean ports) {
    if (rest.startsWith("ICMP")) {
      if (rest.contains("echo request")) {
        return PacketKind.IcmpEchoRequest;
      }
      if (rest.contains("echo reply")) {
        return PacketKind.IcmpEchoReply;
      }
      return rest.contains("unreachable") ? PacketKind.IcmpUnreachable : PacketKind.IcmpOther;
    }
    if (rest.startsWith("BOOTP/DHCP") || rest.startsWith("dhcp6 ")) {
      return PacketKind.Dhcp;
    }
    Matcher flags = TCP_FLAGS.matcher(rest);
    if (!flags.find()) {
      // tcpdump decodes many UDP protocols (DNS, NTP...) instead of saying "UDP": ports without TCP flags are UDP.
      return rest.startsWith("UDP") || ports ? PacketKind.Udp : PacketKind.Other;
    }
    String f = flags.group(1);
    if (f.contains("R")) {
      return PacketKind.TcpRst;
    }
    if (f.contains("S")) {
      return f.contains(".") ? PacketKind.TcpSynAck : PacketKind.TcpSyn;
    }
    if (f.contains("F")) {
      return PacketKind.TcpFin;
    }
    Matcher length = LENGTH.matcher(rest);
    return length.find(flags.end()) && Long.parseLong(length.group(1)) > 0 ? PacketKind.TcpData : PacketKind.TcpOther;
  }

  private static Integer port(String digits) {
    if (digits == null) {
      return null;
    }
    int port = Integer.parseInt(digits); // at most 5 digits: cannot overflow
    return port <= 65535 ? port : null;
  }
}
