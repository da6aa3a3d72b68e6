package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_UDP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_ARP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV4;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Turns a kept frame into a {@link PacketSample}: the fields the verdict reasons with (addresses, ports, the
 * neighbour asked for, the echo's identity) read from the bytes, and the tcpdump line people read. Runs only
 * for the few samples a hop keeps; never throws: a field the frame does not hold stays null.
 */
public final class PacketSamples {
  private static final DateTimeFormatter RFC3339_MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

  private PacketSamples() {
  }

  /** The sample for one frame the recorder classified as {@code kind} travelling {@code direction}. */
  public static PacketSample of(long epochMicros, byte[] frame, int originalLength, Direction direction,
      PacketKind kind) {
    PacketSample sample = new PacketSample();
    sample.setTime(time(epochMicros));
    sample.setDirection(direction == Direction.ToVm ? TrafficDirection.ToVm : TrafficDirection.FromVm);
    sample.setKind(kind);
    sample.setText(TcpdumpLine.format(epochMicros, frame, originalLength));
    if (frame != null) {
      try {
        readFields(sample, frame, frame.length);
      } catch (RuntimeException e) {
        // The layout helpers bound every read; a miss leaves the remaining fields empty, never a lost sample.
      }
    }
    return sample;
  }

  /** RFC 3339 with microseconds, UTC: the one time format of the status. */
  public static String time(long epochMicros) {
    return RFC3339_MICROS.format(Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS));
  }

  private static void readFields(PacketSample sample, byte[] f, int len) {
    int network = FrameLayout.networkOffset(f, len);
    if (network < 0) {
      return;
    }
    if (network > FrameBytes.ETHER_HEADER) {
      sample.setVlan(u16(f, FrameBytes.ETHER_HEADER) & 0x0fff);
    }
    switch (u16(f, network - 2)) {
      case TYPE_ARP -> arp(sample, f, len, network);
      case TYPE_IPV4 -> {
        if (len >= network + 20 && (u8(f, network) >> 4) == 4) {
          sample.setSource(IpLiteral.format(f, network + 12, 4));
          sample.setDestination(IpLiteral.format(f, network + 16, 4));
          int transport = FrameLayout.ipv4Transport(f, len, network);
          if (transport >= 0) {
            transport(sample, f, len, transport, u8(f, network + 9));
          }
        }
      }
      case TYPE_IPV6 -> {
        if (len >= network + 40 && (u8(f, network) >> 4) == 6) {
          sample.setSource(IpLiteral.format(f, network + 8, 16));
          sample.setDestination(IpLiteral.format(f, network + 24, 16));
          int packed = FrameLayout.ipv6Transport(f, len, network);
          if (packed >= 0) {
            transport(sample, f, len, packed >>> 8, packed & 0xff);
          }
        }
      }
      default -> { }
    }
  }

  private static void arp(PacketSample sample, byte[] f, int len, int arp) {
    boolean ethernetIpv4 = len >= arp + 28 && u16(f, arp) == 1 && u16(f, arp + 2) == TYPE_IPV4
        && u8(f, arp + 4) == 6 && u8(f, arp + 5) == 4;
    if (!ethernetIpv4) {
      return;
    }
    String sender = IpLiteral.format(f, arp + 14, 4);
    String target = IpLiteral.format(f, arp + 24, 4);
    sample.setSource(sender);
    sample.setDestination(target);
    sample.setTarget(u16(f, arp + 6) == 2 ? sender : target);
  }

  private static void transport(PacketSample sample, byte[] f, int len, int at, int protocol) {
    switch (protocol) {
      case PROTO_TCP, PROTO_UDP -> {
        if (len >= at + 4) {
          sample.setSourcePort(u16(f, at));
          sample.setDestinationPort(u16(f, at + 2));
        }
      }
      case PROTO_ICMP, PROTO_ICMPV6 -> {
        int type = len > at ? u8(f, at) : -1;
        boolean echo = protocol == PROTO_ICMP ? type == 0 || type == 8 : type == 128 || type == 129;
        if (echo && len >= at + 8) {
          sample.setIcmpId(u16(f, at + 4));
          sample.setIcmpSequence(u16(f, at + 6));
        }
        boolean neighborDiscovery = protocol == PROTO_ICMPV6 && (type == 135 || type == 136);
        if (neighborDiscovery && len >= at + 24) {
          sample.setTarget(IpLiteral.format(f, at + 8, 16));
        }
      }
      default -> { }
    }
  }
}
