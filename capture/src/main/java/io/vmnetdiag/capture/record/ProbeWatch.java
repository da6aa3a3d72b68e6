package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.capture.frame.Direction;
import io.vmnetdiag.capture.frame.FrameFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows this run's probes across the hops: every echo request carries the run's identifier and its own sequence
 * number, every SYN the run's source port and the probed port, so each one (and the VM's answer to it) is
 * recognised wherever it is captured. Known before the window opens; one {@link Hop} per captured hop, each written
 * by its own capture thread, read once the capture has ended.
 */
public final class ProbeWatch {
  /** Echo sequence numbers followed: the probe count is at most 20. */
  static final int MAX_SEQUENCE = 32;

  private final int echoId;
  private final int tcpSourcePort;
  private final List<Hop> hops = new ArrayList<>();

  public ProbeWatch(int echoId, int tcpSourcePort) {
    this.echoId = echoId;
    this.tcpSourcePort = tcpSourcePort;
  }

  /** The sightings of one hop, named as people name it ("tap vnet3"). */
  public synchronized Hop hop(String label) {
    Hop hop = new Hop(label);
    hops.add(hop);
    return hop;
  }

  /** One probe and where it and its answer were seen, in hop order. */
  public record Trace(String probe, String answer, List<String> seenAt, List<String> answeredAt) {
  }

  /** Every probe seen anywhere: echoes by sequence number, then SYNs by port. */
  public synchronized List<Trace> traces() {
    Map<Integer, Trace> echoes = new TreeMap<>();
    Map<Integer, Trace> syns = new TreeMap<>();
    for (Hop hop : hops) {
      for (int seq = 0; seq < MAX_SEQUENCE; seq++) {
        if (hop.echoRequests[seq] || hop.echoReplies[seq]) {
          Trace trace = echoes.computeIfAbsent(seq, s -> new Trace("ICMP echo request id " + echoId + " seq " + s,
              "echo reply", new ArrayList<>(), new ArrayList<>()));
          addIf(hop.echoRequests[seq], trace.seenAt(), hop.label);
          addIf(hop.echoReplies[seq], trace.answeredAt(), hop.label);
        }
      }
      hop.syns.forEach((port, seen) -> {
        Trace trace = syns.computeIfAbsent(port, p -> new Trace("TCP SYN " + tcpSourcePort + " > " + p,
            "SYN-ACK or RST", new ArrayList<>(), new ArrayList<>()));
        addIf(seen[0] > 0, trace.seenAt(), hop.label);
        addIf(seen[1] > 0, trace.answeredAt(), hop.label);
      });
    }
    List<Trace> traces = new ArrayList<>(echoes.values());
    traces.addAll(syns.values());
    return traces;
  }

  private static void addIf(boolean seen, List<String> where, String label) {
    if (seen) {
      where.add(label);
    }
  }

  /** What one hop saw of the probes; written by its capture thread only. */
  public final class Hop {
    private final String label;
    private final boolean[] echoRequests = new boolean[MAX_SEQUENCE];
    private final boolean[] echoReplies = new boolean[MAX_SEQUENCE];
    /** Probed port -> {SYNs seen, answers seen}. */
    private final Map<Integer, long[]> syns = new TreeMap<>();

    private Hop(String label) {
      this.label = label;
    }

    /** Looks at one classified frame; only echoes and SYNs and their answers can be probes. */
    void offer(Direction direction, PacketKind kind, FrameFacts facts, byte[] frame) {
      switch (kind) {
        case IcmpEchoRequest -> {
          if (direction == Direction.ToVm) {
            mark(echoRequests, facts, frame);
          }
        }
        case IcmpEchoReply -> {
          if (direction == Direction.FromVm) {
            mark(echoReplies, facts, frame);
          }
        }
        case TcpSyn -> {
          if (direction == Direction.ToVm && facts.transportWord(frame, 0) == tcpSourcePort) {
            syns.computeIfAbsent(facts.transportWord(frame, 2), p -> new long[2])[0]++;
          }
        }
        case TcpSynAck, TcpRst -> {
          if (direction == Direction.FromVm && facts.transportWord(frame, 2) == tcpSourcePort) {
            syns.computeIfAbsent(facts.transportWord(frame, 0), p -> new long[2])[1]++;
          }
        }
        default -> { }
      }
    }

    // The echo's identifier sits 4 bytes into the ICMP header, its sequence number 6.
    private void mark(boolean[] seen, FrameFacts facts, byte[] frame) {
      int seq = facts.transportWord(frame, 6);
      if (facts.transportWord(frame, 4) == echoId && seq >= 0 && seq < MAX_SEQUENCE) {
        seen[seq] = true;
      }
    }
  }
}
