package io.vmnetdiag.capture.record;

import static io.vmnetdiag.capture.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.KindTimeline;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PeerCount;
import io.vmnetdiag.api.v1alpha1.PortCount;
import io.vmnetdiag.api.v1alpha1.VlanCount;
import io.vmnetdiag.capture.frame.Direction;
import io.vmnetdiag.capture.frame.FrameClass;
import io.vmnetdiag.capture.frame.FrameClassifier;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** VLAN ids, top peers and ports, and the timeline, fed with real frames through the classifier as the capture loop does. */
class HopRecorderDetailTest {
  private static final long T0 = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-05-06T13:04:05.000123Z"));

  private final FrameClassifier classifier = new FrameClassifier(mac(VM_MAC), IpLiteral.parse(VM_IP, "ip"));
  private final HopRecorder recorder = new HopRecorder(2);

  private void feed(byte[] frame, long micros) {
    FrameClass frameClass = classifier.classify(frame);
    recorder.record(frameClass, classifier.lastFacts(), frame, frame.length, micros);
  }

  private static byte[] synFrom(String peer, int port) {
    return ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(peer, VM_IP, 6, tcp(40000, port, 1, 0, SYN, 0)));
  }

  private static String peer(int n) {
    return "10." + (100 + n / 65536) + "." + (n / 256 % 256) + "." + (n % 256);
  }

  @Test
  void countsTheVmsFramesByOuterVlanId() {
    byte[] syn = synFrom(PEER_IP, 22);
    for (int i = 0; i < 3; i++) {
      feed(tagged(syn, 700), T0);
    }
    feed(tagged(syn, (3 << 13) | 701), T0); // the priority bits are not part of the id
    feed(qinq(syn, 10, 700), T0);
    feed(syn, T0);
    feed(tagged(ethernet(PEER_MAC, GW_MAC, 0x0800, ipv4(GW_IP, PEER_IP, 1, icmp(8, 0, 1, 1, 8))), 999), T0);

    assertThat(recorder.vlans()).extracting(VlanCount::getVlanId, VlanCount::getPackets)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(700, 3L), org.assertj.core.groups.Tuple.tuple(10, 1L),
            org.assertj.core.groups.Tuple.tuple(701, 1L));
    // tcpdump -nn does not print the tag: the samples carry it as a field.
    assertThat(recorder.samples()).extracting(io.vmnetdiag.api.v1alpha1.PacketSample::getVlan)
        .containsExactly(700, 700, 10, null);
  }

  @Test
  void reportsAtMostSixtyFourVlansTheBusiestFirst() {
    byte[] syn = synFrom(PEER_IP, 22);
    for (int id = 1; id <= 100; id++) {
      for (int i = 0; i < (id == 77 ? 5 : 1); i++) {
        feed(tagged(syn, id), T0);
      }
    }
    assertThat(recorder.vlans()).hasSize(HopRecorder.MAX_VLANS);
    assertThat(recorder.vlans().get(0).getVlanId()).isEqualTo(77);
    assertThat(recorder.vlans().get(1).getVlanId()).isEqualTo(1);
  }

  @Test
  void topPeersAmongTenThousandOneOffs() {
    String[] heavy = {"10.77.0.2", "10.77.0.3", "10.77.0.4", "10.77.0.5", "10.77.0.6"};
    for (int n = 0; n < 10_000; n++) {
      feed(synFrom(peer(n), 22), T0 + n);
      if (n % 20 == 0) {
        for (int h = 0; h < heavy.length; h++) {
          // 1000, 800, ... 200 packets each, spread over the whole flood.
          if (n / 20 < 100 * (5 - h)) {
            feed(synFrom(heavy[h], 80), T0 + n);
            feed(synFrom(heavy[h], 80), T0 + n);
          }
        }
      }
    }
    assertThat(recorder.topPeers()).hasSize(HopRecorder.TOP)
        .extracting(PeerCount::getAddress).containsExactly(heavy);
    assertThat(recorder.topPeers().get(0).getPackets()).isBetween(800L, 1000L);
  }

  @Test
  void peersAreTheFarEndBothWaysAndIpv6Works() {
    FrameClassifier dual = new FrameClassifier(mac(VM_MAC), IpLiteral.parse(VM_IP, "ip"), IpLiteral.parse(VM_IP6, "ip"));
    byte[][] frames = {
        synFrom(PEER_IP, 22),
        ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(22, 40000, 1, 2, SYN_ACK, 0))),
        ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, GW_IP, 1, icmp(8, 0, 1, 1, 8))),
        ethernet(GW_MAC, VM_MAC, 0x86dd, ipv6(VM_IP6, PEER_IP6, 58, icmp(129, 0, 1, 1, 8))),
        ethernet(BROADCAST, VM_MAC, 0x0806, arp(1, VM_MAC, VM_IP, null, GW_IP))};
    for (byte[] frame : frames) {
      FrameClass frameClass = dual.classify(frame);
      recorder.record(frameClass, dual.lastFacts(), frame, frame.length, T0);
    }
    assertThat(recorder.topPeers()).extracting(PeerCount::getAddress, PeerCount::getPackets).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PEER_IP, 2L), org.assertj.core.groups.Tuple.tuple(GW_IP, 1L),
        org.assertj.core.groups.Tuple.tuple(PEER_IP6, 1L));
  }

  @Test
  void topPortsAreTheVmsSide() {
    for (int i = 0; i < 30; i++) {
      feed(synFrom(peer(i), 22), T0);
    }
    for (int i = 0; i < 20; i++) {
      feed(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(443, 50000 + i, 1, 2, PSH_ACK, 10))), T0);
    }
    for (int i = 0; i < 10; i++) {
      feed(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, GW_IP, 17, udp(33000, 53, 30))), T0);
    }
    feed(synFrom(PEER_IP, 80), T0);
    feed(synFrom(PEER_IP, 8080), T0);
    feed(synFrom(PEER_IP, 8443), T0);
    feed(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, GW_IP, 1, icmp(8, 0, 1, 1, 8))), T0); // no port

    assertThat(recorder.topPorts()).hasSize(5)
        .extracting(PortCount::getProtocol, PortCount::getPort, PortCount::getPackets)
        .startsWith(org.assertj.core.groups.Tuple.tuple("TCP", 22, 30L), org.assertj.core.groups.Tuple.tuple("TCP", 443, 20L),
            org.assertj.core.groups.Tuple.tuple("UDP", 33000, 10L), org.assertj.core.groups.Tuple.tuple("TCP", 80, 1L));
  }

  @Test
  void timelineHoldsFirstAndLastPerDirectionAndKind() {
    feed(synFrom(PEER_IP, 22), T0);
    feed(ethernet(BROADCAST, VM_MAC, 0x0806, arp(1, VM_MAC, VM_IP, null, GW_IP)), T0 + 500_000);
    feed(synFrom(PEER_IP, 22), T0 + 3_000_000);
    feed(synFrom(PEER_IP, 22), T0 + 1_000_000); // stamped out of order: first and last stay the extremes
    feed(ethernet(PEER_MAC, GW_MAC, 0x0800, ipv4(GW_IP, PEER_IP, 1, icmp(8, 0, 1, 1, 8))), T0 + 9_000_000);

    assertThat(recorder.timeline()).extracting(KindTimeline::getDirection, KindTimeline::getKind,
        KindTimeline::getFirst, KindTimeline::getLast).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ToVm", PacketKind.TcpSyn, "2024-05-06T13:04:05.000123Z", "2024-05-06T13:04:08.000123Z"),
        org.assertj.core.groups.Tuple.tuple("FromVm", PacketKind.ArpRequest, "2024-05-06T13:04:05.500123Z", "2024-05-06T13:04:05.500123Z"));
  }

  @Test
  void theKindOnlyEntryPointStillKeepsTheTimeline() {
    recorder.record(Direction.FromVm, PacketKind.Dhcp, new byte[60], 60, 0);
    assertThat(recorder.timeline()).singleElement().satisfies(entry -> {
      assertThat(entry.getFirst()).isEqualTo("1970-01-01T00:00:00.000000Z");
      assertThat(entry.getKind()).isEqualTo(PacketKind.Dhcp);
    });
    assertThat(recorder.topPeers()).isEmpty();
    assertThat(recorder.vlans()).isEmpty();
  }

  @Test
  void recordingAllocatesNothingPerFrame() {
    HopRecorder quiet = new HopRecorder(0);
    byte[][] frames = new byte[4096][];
    for (int i = 0; i < frames.length; i++) {
      byte[] syn = synFrom(peer(i), 1 + i);
      frames[i] = i % 2 == 0 ? tagged(syn, i) : syn;
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 200_000; i++) {
      byte[] frame = frames[i & 4095];
      quiet.record(classifier.classify(frame), classifier.lastFacts(), frame, frame.length, i);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      byte[] frame = frames[i & 4095];
      quiet.record(classifier.classify(frame), classifier.lastFacts(), frame, frame.length, i);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(quiet.relatedPackets()).isEqualTo(1_200_000);
    assertThat(allocated).as("bytes allocated recording a million frames of 4096 peers and ports").isLessThan(16 * 1024);
  }
}
