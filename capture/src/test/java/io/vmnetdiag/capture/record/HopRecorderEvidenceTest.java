package io.vmnetdiag.capture.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.capture.frame.FrameClass;
import io.vmnetdiag.capture.frame.FrameClassifier;
import io.vmnetdiag.capture.frame.Frames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a hop keeps as proof, whatever floods it: the seed's ARP exchange among hundreds of SYNs. */
class HopRecorderEvidenceTest {
  private static final String VM_MAC = "52:54:00:00:00:51";
  private static final String GW_MAC = "02:aa:bb:cc:dd:01";
  private static final String VM = "10.155.128.251";
  private static final String GW = "10.155.129.247";

  private final FrameClassifier classifier = new FrameClassifier(Frames.mac(VM_MAC), IpLiteral.parse(VM, "vm"));
  private final HopRecorder recorder = new HopRecorder(10);
  private long micros = 1_000_000;

  private void record(byte[] frame) {
    FrameClass frameClass = classifier.classify(frame);
    recorder.record(frameClass, classifier.lastFacts(), frame, frame.length, micros += 1000);
  }

  private static byte[] syn(int client) {
    return Frames.ethernet(VM_MAC, GW_MAC, 0x0800, Frames.ipv4("10.155.0." + (client % 250 + 1), VM, 6,
        Frames.tcp(40000 + client, 22 + client % 3, client, 0, Frames.SYN, 0)));
  }

  private static byte[] whoHas(String sender, String target) {
    return Frames.ethernet("ff:ff:ff:ff:ff:ff", VM_MAC, 0x0806, Frames.arp(1, VM_MAC, sender, null, target));
  }

  private static byte[] gatewayIsAt() {
    return Frames.ethernet(VM_MAC, GW_MAC, 0x0806, Frames.arp(2, GW_MAC, GW, VM_MAC, VM));
  }

  @Test
  void theSeedsExchangeSurvivesAFloodOfSyns() {
    for (int i = 0; i < 300; i++) {
      record(syn(i));
      if (i % 50 == 10) {
        record(whoHas(VM, GW));
        record(gatewayIsAt());
      }
    }
    for (int i = 300; i < 600; i++) {
      record(syn(i));
    }

    List<PacketSample> samples = recorder.samples();
    assertThat(samples).filteredOn(sample -> sample.getKind() == PacketKind.ArpReply)
        .isNotEmpty().allSatisfy(reply -> {
          assertThat(reply.getDirection()).isEqualTo(TrafficDirection.ToVm);
          assertThat(reply.getTarget()).isEqualTo(GW);
          assertThat(reply.getText()).contains("ARP, Reply " + GW + " is-at " + GW_MAC);
        });
    List<PacketSample> asks = samples.stream().filter(sample -> sample.getKind() == PacketKind.ArpRequest).toList();
    assertThat(asks).hasSize(2).allSatisfy(ask -> {
      assertThat(ask.getDirection()).isEqualTo(TrafficDirection.FromVm);
      assertThat(ask.getSource()).isEqualTo(VM);
      assertThat(ask.getTarget()).isEqualTo(GW);
    });
    assertThat(asks.get(1).getTime()).as("the last ask, after answers were handed over")
        .isGreaterThan(samples.stream().filter(s -> s.getKind() == PacketKind.ArpReply).findFirst().orElseThrow().getTime());
    assertThat(samples).as("first 10, last 10, and the first and last ARP of each direction").hasSize(24);
    assertThat(samples).isSortedAccordingTo((a, b) -> a.getTime().compareTo(b.getTime()));
    PacketSample firstSyn = samples.get(0);
    assertThat(firstSyn.getSource()).isEqualTo("10.155.0.1");
    assertThat(firstSyn.getSourcePort()).isEqualTo(40000);
    assertThat(firstSyn.getDestination()).isEqualTo(VM);
    assertThat(firstSyn.getDestinationPort()).isEqualTo(22);
  }

  @Test
  void theLastAskForTheGatewayIsKeptWhenGratuitousArpIsTheLastRequest() {
    for (int i = 0; i < 400; i++) {
      record(syn(i));
      if (i % 80 == 5) {
        record(whoHas(VM, GW));
        record(gatewayIsAt());
      }
    }
    record(whoHas(VM, VM)); // the noisy guest's gratuitous ARP comes last
    for (int i = 400; i < 450; i++) {
      record(syn(i));
    }

    List<PacketSample> asks = recorder.samples().stream()
        .filter(sample -> sample.getKind() == PacketKind.ArpRequest && GW.equals(sample.getTarget())).toList();
    assertThat(asks).as("the first ask and the last, after answers were handed over").hasSize(2);
    assertThat(asks.get(1).getText()).contains("ARP, Request who-has " + GW + " tell " + VM);
  }

  @Test
  void lookupsCountAskingAgainAfterTheAnswer() {
    record(whoHas(VM, GW));
    record(gatewayIsAt());
    record(whoHas(VM, GW));
    record(whoHas(VM, GW));
    record(whoHas(VM, VM)); // gratuitous: asks nobody
    record(Frames.ethernet("ff:ff:ff:ff:ff:ff", VM_MAC, 0x0806, Frames.arp(1, VM_MAC, "0.0.0.0", null, VM))); // probe

    assertThat(recorder.neighborLookups()).singleElement().satisfies(lookup -> {
      assertThat(lookup.getAddress()).isEqualTo(GW);
      assertThat(lookup.getRequests()).isEqualTo(3);
      assertThat(lookup.getAnswers()).isEqualTo(1);
      assertThat(lookup.getRequestsAfterAnswer()).isEqualTo(2);
      assertThat(lookup.getFirstAnswer()).isEqualTo("1970-01-01T00:00:01.002000Z");
      assertThat(lookup.getLastRequest()).isEqualTo("1970-01-01T00:00:01.004000Z");
    });
    assertThat(recorder.askedAgainAfterAnswer()).isEqualTo(2);
    assertThat(recorder.fromVm().get(PacketKind.ArpRequest)).as("every request is still counted").isEqualTo(5);
  }

  @Test
  void lookupsAreBounded() {
    for (int i = 0; i < 20; i++) {
      record(whoHas(VM, "10.155.129." + i));
    }
    assertThat(recorder.neighborLookups()).hasSize(NeighborLookups.MAX_ADDRESSES)
        .extracting(NeighborLookup::getAddress).startsWith("10.155.129.0");
  }

  @Test
  void theVmsAddressIsLearnedFromWhatItSends() {
    FrameClassifier macOnly = new FrameClassifier(Frames.mac(VM_MAC), null);
    HopRecorder learning = new HopRecorder(4);
    for (byte[] frame : List.of(
        Frames.ethernet("ff:ff:ff:ff:ff:ff", VM_MAC, 0x0806, Frames.arp(1, VM_MAC, "0.0.0.0", null, VM)),
        whoHas(VM, GW),
        Frames.ethernet(GW_MAC, VM_MAC, 0x0800, Frames.ipv4(VM, GW, 1, Frames.icmp(8, 0, 7, 1, 8))),
        syn(3))) {
      FrameClass frameClass = macOnly.classify(frame);
      learning.record(frameClass, macOnly.lastFacts(), frame, frame.length, micros += 1000);
    }
    assertThat(learning.vmSourceAddresses()).containsExactly(VM);
  }
}
