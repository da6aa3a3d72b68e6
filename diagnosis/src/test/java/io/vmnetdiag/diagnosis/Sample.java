package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;

/** Samples for tests, built from their fields as the capture records them, with the line tcpdump would print. */
final class Sample {
  private static final String DAY = "2024-05-01T";

  private Sample() {
  }

  /** The VM (or someone, towards it) asking who-has {@code target}. */
  static PacketSample arpRequest(String time, TrafficDirection direction, String sender, String target) {
    return of(time, direction, PacketKind.ArpRequest, sender, null, target, null, target,
        "ARP, Request who-has " + target + " tell " + sender + ", length 28");
  }

  /** {@code resolved} announcing its MAC to {@code asker}. */
  static PacketSample arpReply(String time, TrafficDirection direction, String resolved, String asker) {
    return of(time, direction, PacketKind.ArpReply, resolved, null, asker, null, resolved,
        "ARP, Reply " + resolved + " is-at 02:aa:bb:cc:dd:01, length 28");
  }

  static PacketSample solicitation(String time, TrafficDirection direction, String source, String target) {
    return of(time, direction, PacketKind.NeighborSolicitation, source, null, "ff02::1:ff00:1", null, target,
        "IP6 " + source + " > ff02::1:ff00:1: ICMP6, neighbor solicitation, who has " + target + ", length 32");
  }

  static PacketSample advertisement(String time, TrafficDirection direction, String source, String destination) {
    return of(time, direction, PacketKind.NeighborAdvertisement, source, null, destination, null, source,
        "IP6 " + source + " > " + destination + ": ICMP6, neighbor advertisement, tgt is " + source + ", length 32");
  }

  static PacketSample tcp(String time, TrafficDirection direction, PacketKind kind, String source, int sourcePort,
      String destination, int destinationPort) {
    String flags = switch (kind) {
      case TcpSyn -> "[S], seq 123, win 64240, length 0";
      case TcpSynAck -> "[S.], seq 9, ack 124, win 64240, length 0";
      case TcpRst -> "[R.], seq 0, ack 124, win 0, length 0";
      case TcpData -> "[P.], seq 1:101, ack 1, win 500, length 100";
      default -> "[.], ack 1, win 500, length 0";
    };
    String ip = source.contains(":") ? "IP6 " : "IP ";
    return of(time, direction, kind, source, sourcePort, destination, destinationPort, null,
        ip + source + "." + sourcePort + " > " + destination + "." + destinationPort + ": Flags " + flags);
  }

  static PacketSample of(String time, TrafficDirection direction, PacketKind kind, String source, Integer sourcePort,
      String destination, Integer destinationPort, String target, String decoded) {
    PacketSample sample = new PacketSample();
    sample.setTime(DAY + time + "Z");
    sample.setDirection(direction);
    sample.setKind(kind);
    sample.setSource(source);
    sample.setSourcePort(sourcePort);
    sample.setDestination(destination);
    sample.setDestinationPort(destinationPort);
    sample.setTarget(target);
    sample.setText(time + " " + decoded);
    return sample;
  }
}
