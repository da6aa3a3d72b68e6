package io.vmnetdiag.capture.probe;

import io.vmnetdiag.api.net.IpLiteral;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probes of one run, in sending order: round after round of neighbour probe, echo request and one
 * SYN per port. The neighbour probe leads each round so the VM has learned our MAC before the echo
 * and the SYNs arrive; interleaving rounds spreads every kind over the time available.
 */
public final class ProbePlan {
  /**
   * Above Linux's default ip_local_port_range (32768-60999) and inside IANA's dynamic range: no socket
   * of the node picks such a port by itself, so the VM's SYN-ACK can never hit a real connection.
   */
  static final int SOURCE_PORT_MIN = 61000;
  static final int SOURCE_PORT_MAX = 65535;

  private ProbePlan() {
  }

  /** One frame to send and the line it counts under in the report. */
  public record Probe(String label, byte[] frame) {
  }

  /** Per-run random numbers: TCP source port and initial sequence number, ICMP echo identifier. */
  public record RunIds(int sourcePort, long initialSequence, int echoId) {
    public static RunIds random() {
      SecureRandom random = new SecureRandom();
      return new RunIds(SOURCE_PORT_MIN + random.nextInt(SOURCE_PORT_MAX - SOURCE_PORT_MIN + 1),
          random.nextInt() & 0xffffffffL, random.nextInt(0x10000));
    }
  }

  /**
   * Every probe for {@code target} from {@code source}. When the source has no address the VM could
   * answer, only the address-less neighbour probe is planned: echo and SYN replies would have no taker.
   */
  public static List<Probe> build(ProbeSource source, ProbeTarget target, RunIds ids) {
    byte[] vmIp = target.vmIp();
    if (vmIp == null) {
      return List.of();
    }
    boolean v6 = vmIp.length == 16;
    byte[] sourceIp = source.address() != null ? source.address() : new byte[vmIp.length];
    String vmText = IpLiteral.format(vmIp);
    String neighbourLabel = v6
        ? "ICMPv6 neighbour solicitation for " + vmText + (source.canReceiveReplies() ? "" : " (DAD probe, source ::)")
        : "ARP who-has " + vmText + (source.canReceiveReplies() ? "" : " (ARP probe, sender 0.0.0.0)");
    List<Probe> probes = new ArrayList<>();
    for (int round = 1; round <= target.count(); round++) {
      probes.add(new Probe(neighbourLabel, v6
          ? ProbeFrames.neighborSolicitation(source.mac(), sourceIp, target.vmMac(), vmIp)
          : ProbeFrames.arpRequest(source.mac(), sourceIp, target.vmMac(), vmIp)));
      if (!source.canReceiveReplies()) {
        continue;
      }
      probes.add(new Probe(v6 ? "ICMPv6 echo request" : "ICMP echo request",
          ProbeFrames.echoRequest(source.mac(), sourceIp, target.vmMac(), vmIp, ids.echoId(), round)));
      for (int port : target.ports()) {
        // The same sequence number each round: to the VM a repeat is a retransmitted SYN.
        probes.add(new Probe("TCP SYN to " + port, ProbeFrames.tcpSyn(source.mac(), sourceIp, target.vmMac(), vmIp,
            ids.sourcePort(), port, ids.initialSequence())));
      }
    }
    return probes;
  }

  /** "3 ARP who-has 10.1.2.51", "3 ICMP echo request", "3 TCP SYN to 22": counts by label, in first-sent order. */
  public static List<String> summarize(List<Probe> sent) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Probe probe : sent) {
      counts.merge(probe.label(), 1, Integer::sum);
    }
    List<String> lines = new ArrayList<>(counts.size());
    counts.forEach((label, count) -> lines.add(count + " " + label));
    return lines;
  }
}
