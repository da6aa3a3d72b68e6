package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.CaptureStats;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.KindTimeline;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PeerCount;
import io.vmnetdiag.api.v1alpha1.PortCount;
import io.vmnetdiag.api.v1alpha1.TrafficCounts;
import io.vmnetdiag.api.v1alpha1.VlanCount;
import io.vmnetdiag.capture.frame.Direction;
import io.vmnetdiag.capture.frame.FrameClass;
import io.vmnetdiag.capture.frame.FrameFacts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tallies one hop's packets to and from the VM: counts by direction and kind, first and last time
 * of each, VLAN ids, top peers and VM ports, and the first and last few frames as samples. Frames
 * are kept as references (the capture library hands over a fresh array per packet) and printed only
 * at the end; every structure has a fixed size, so recording allocates nothing and memory stays
 * bounded however long the flood. Not thread-safe: one capture thread writes, readers wait for it.
 */
public final class HopRecorder {
  /** Peers and ports reported per hop. */
  public static final int TOP = 5;
  /** VLAN ids reported per hop; a hop seeing more is a trunk, and the busiest ids tell the story. */
  public static final int MAX_VLANS = 64;
  /** Distinct peers (and ports) counted at once; beyond, the least seen make room. */
  public static final int TRACKED_KEYS = 1024;
  // Addresses read as big-endian words, one load each once compiled.
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final TrafficCounts toVm = new TrafficCounts();
  private final TrafficCounts fromVm = new TrafficCounts();
  private final TrafficCounts fromVmToNode = new TrafficCounts();
  private final KindTimelines timelines = new KindTimelines();
  private final VlanTally vlans = new VlanTally();
  private final TopCounter peers = new TopCounter(TRACKED_KEYS);
  private final TopCounter ports = new TopCounter(TRACKED_KEYS);
  private final int sampleLines;
  private final SampleBuffer first;
  private final KindSamples kindSamples = new KindSamples();
  private final SampleBuffer last;
  private final NeighborLookups neighborLookups = new NeighborLookups();
  private final SourceAddresses vmSources = new SourceAddresses();
  /** Null unless this run's probes are followed. */
  private ProbeWatch.Hop probes;
  private long packets;
  // Written by the capture thread only; volatile so the probe policy can read a live count.
  private volatile long related;

  /** Keeps up to {@code sampleLines} samples from the start and as many from the end of the window. */
  public HopRecorder(int sampleLines) {
    if (sampleLines < 0) {
      throw new IllegalArgumentException("sampleLines must not be negative: " + sampleLines);
    }
    this.sampleLines = sampleLines;
    this.first = new SampleBuffer(sampleLines);
    this.last = new SampleBuffer(sampleLines, kindSamples);
  }

  /**
   * Records one classified frame with the facts the classifier found in it (its VLAN tag, addresses
   * and ports); {@code facts} must describe this very frame, or be null to count kind and time only.
   */
  public void record(FrameClass frameClass, FrameFacts facts, byte[] frame, int originalLength, long epochMicros) {
    Direction direction = frameClass.direction();
    record(direction, frameClass.kind(), frame, originalLength, epochMicros);
    if (direction == null || facts == null || frame == null) {
      return;
    }
    if (facts.isToNode()) {
      fromVmToNode.add(frameClass.kind(), 1);
    }
    if (facts.vlanId() != FrameFacts.NONE) {
      vlans.add(facts.vlanId());
    }
    int peer = facts.peerOffset(direction);
    int addressLength = facts.addressLength();
    if (peer != FrameFacts.NONE && peer + addressLength <= frame.length) {
      if (addressLength == 4) {
        peers.add(0, (int) INT.get(frame, peer) & 0xffffffffL, 4);
      } else if (addressLength == 16) {
        peers.add((long) LONG.get(frame, peer), (long) LONG.get(frame, peer + 8), 16);
      }
    }
    int port = facts.vmPort(frame, direction);
    if (port != FrameFacts.NONE) {
      // The key's bytes: protocol number, port high, port low.
      ports.add(0, (long) facts.transportProtocol() << 16 | port, 3);
    }
    if (probes != null) {
      probes.offer(direction, frameClass.kind(), facts, frame);
    }
    if (facts.neighborTarget() != FrameFacts.NONE) {
      recordNeighbor(new KeptFrame(related, epochMicros, frame, originalLength, direction, frameClass.kind()), facts);
    }
    if (direction == Direction.FromVm) {
      if (facts.arpSender() != FrameFacts.NONE) {
        vmSources.add(frame, facts.arpSender(), 4);
      } else if (facts.sourceAddress() != FrameFacts.NONE) {
        vmSources.add(frame, facts.sourceAddress(), addressLength);
      }
    }
  }

  // Lookups for the VM's own address (gratuitous ARP, ARP probes, duplicate address detection) ask nobody.
  private void recordNeighbor(KeptFrame seen, FrameFacts facts) {
    byte[] frame = seen.frame();
    int target = facts.neighborTarget();
    int length = facts.neighborTargetLength();
    if (seen.direction() == Direction.FromVm && seen.kind().isNeighborRequest()) {
      int asker = facts.arpSender() != FrameFacts.NONE ? facts.arpSender() : facts.sourceAddress();
      if (asker != FrameFacts.NONE && !FrameFacts.isZero(frame, asker, length)
          && !Arrays.equals(frame, asker, asker + length, frame, target, target + length)) {
        neighborLookups.request(seen, target, length);
      }
    } else if (seen.direction() == Direction.ToVm
        && (seen.kind() == PacketKind.ArpReply || seen.kind() == PacketKind.NeighborAdvertisement)) {
      neighborLookups.answer(seen, target, length);
    }
  }

  /** Records one captured frame; {@code direction} null means it neither came from nor went to the VM. */
  public void record(Direction direction, PacketKind kind, byte[] frame, int originalLength, long epochMicros) {
    packets++;
    if (direction == null) {
      return;
    }
    long sequence = ++related;
    (direction == Direction.ToVm ? toVm : fromVm).add(kind, 1);
    timelines.add(direction, kind, epochMicros);
    if (sampleLines == 0) {
      return;
    }
    int kindIndex = KindSamples.index(direction, kind);
    kindSamples.offerFirst(sequence, frame, originalLength, epochMicros, kindIndex);
    if (sequence <= sampleLines) {
      first.put(sequence, frame, originalLength, epochMicros, kindIndex);
    } else {
      last.put(sequence, frame, originalLength, epochMicros, kindIndex);
    }
  }

  /** Follows this run's probes through this hop; call before the first frame. */
  public void watchProbes(ProbeWatch.Hop hop) {
    this.probes = hop;
  }

  /** All frames recorded, related to the VM or not. */
  public long packets() {
    return packets;
  }

  /** Frames to or from the VM. */
  public long relatedPackets() {
    return related;
  }

  public TrafficCounts toVm() {
    return toVm;
  }

  public TrafficCounts fromVm() {
    return fromVm;
  }

  /** Of {@link #fromVm()}, the frames addressed to the node itself. */
  public TrafficCounts fromVmToNode() {
    return fromVmToNode;
  }

  /**
   * The kept packets in capture order: the first and last {@code sampleLines} of the window, and the first and
   * last of every direction and kind, each once.
   */
  public List<PacketSample> samples() {
    List<KeptFrame> ring = new ArrayList<>();
    last.keptInto(ring);
    boolean[] inRing = new boolean[KindSamples.SIZE];
    ring.forEach(frame -> inRing[KindSamples.index(frame.direction(), frame.kind())] = true);
    List<KeptFrame> kept = new ArrayList<>();
    first.keptInto(kept);
    kindSamples.keptInto(kept, inRing);
    neighborLookups.keptInto(kept);
    kept.addAll(ring);
    Set<Long> sequences = new HashSet<>();
    return kept.stream().sorted(Comparator.comparingLong(KeptFrame::sequence))
        .filter(frame -> sequences.add(frame.sequence())).map(KeptFrame::toSample).toList();
  }

  /** The VM's neighbour lookups and the answers handed to it, per address asked. */
  public List<NeighborLookup> neighborLookups() {
    return neighborLookups.entries();
  }

  /** Times the VM asked again for an address whose answer had been handed to it; safe to read live. */
  public long askedAgainAfterAnswer() {
    return neighborLookups.askedAgainAfterAnswer();
  }

  /** The addresses the VM's MAC sent from, first seen first; safe to read live. */
  public List<String> vmSourceAddresses() {
    return vmSources.list();
  }

  /** The VM's tagged frames by outer VLAN id, most first, at most {@link #MAX_VLANS}. */
  public List<VlanCount> vlans() {
    return vlans.top(MAX_VLANS);
  }

  /** The {@link #TOP} addresses the VM exchanged most packets with. */
  public List<PeerCount> topPeers() {
    List<PeerCount> top = new ArrayList<>(TOP);
    for (TopCounter.Entry entry : peers.top(TOP)) {
      top.add(new PeerCount(IpLiteral.format(entry.key()), entry.count()));
    }
    return top;
  }

  /** The {@link #TOP} TCP/UDP ports on the VM's side with most packets. */
  public List<PortCount> topPorts() {
    List<PortCount> top = new ArrayList<>(TOP);
    for (TopCounter.Entry entry : ports.top(TOP)) {
      byte[] key = entry.key();
      int port = ((key[1] & 0xff) << 8) | (key[2] & 0xff);
      top.add(new PortCount(key[0] == 6 ? "TCP" : "UDP", port, entry.count()));
    }
    return top;
  }

  /** What this hop saw, as the report carries it; the capture's statistics hold the frame count only. */
  public HopObservation observation(Hop hop) {
    HopObservation observation = new HopObservation(hop.getRole(), hop.getInterfaceName());
    observation.setToVm(toVm);
    observation.setFromVm(fromVm);
    observation.setFromVmToNode(fromVmToNode);
    observation.setSamples(new ArrayList<>(samples()));
    observation.setNeighborLookups(neighborLookups());
    observation.setVmSourceAddresses(vmSourceAddresses());
    observation.setVlans(vlans());
    observation.setTopPeers(topPeers());
    observation.setTopPorts(topPorts());
    observation.setTimeline(timeline());
    CaptureStats stats = new CaptureStats();
    stats.setCaptured(packets);
    observation.setCapture(stats);
    return observation;
  }

  /**
   * What this hop has seen so far, counts and lookups only, for a reader on another thread while the capture
   * runs. The capture thread writes the volatile related count after each frame's tallies, and this reads it
   * first, so the copy holds at least every frame counted before that read; a frame in flight may be missed.
   */
  public HopObservation liveSnapshot(Hop hop) {
    long seen = related;
    HopObservation snapshot = new HopObservation(hop.getRole(), hop.getInterfaceName());
    if (seen == 0) {
      return snapshot;
    }
    snapshot.getToVm().addAll(toVm);
    snapshot.getFromVm().addAll(fromVm);
    snapshot.getFromVmToNode().addAll(fromVmToNode);
    snapshot.setNeighborLookups(neighborLookups.entries());
    snapshot.setVmSourceAddresses(vmSourceAddresses());
    return snapshot;
  }

  /** When each kind was first and last seen, per direction. */
  public List<KindTimeline> timeline() {
    return timelines.entries();
  }
}
