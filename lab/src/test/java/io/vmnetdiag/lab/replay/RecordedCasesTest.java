package io.vmnetdiag.lab.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.capture.pcap.PcapFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed recordings are what their case.json and README say they are. No root. */
class RecordedCasesTest {

  static List<String> cases() {
    return RecordedCase.names();
  }

  @Test
  void everyCaseTheIssueAsksForIsThereAndTheSetStaysSmall() throws Exception {
    assertThat(RecordedCase.names()).contains("seed", "seed-noisy", "healthy-busy", "healthy-idle",
        "healthy-idle-no-bridge-address", "healthy-idle-host-probes", "lost-inside-host", "lost-on-egress", "upstream-drop", "guest-firewall");
    long bytes;
    try (Stream<Path> files = Files.walk(RecordedCase.load("seed").directory().getParent())) {
      bytes = files.filter(f -> f.toString().endsWith(".pcap")).mapToLong(f -> f.toFile().length()).sum();
    }
    assertThat(bytes).as("pcap bytes in all").isLessThan(1_000_000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachHopsPcapIsHeadersOnlyAndHoldsThePacketsCaseJsonCounts(String name) throws Exception {
    RecordedCase recorded = RecordedCase.load(name);
    assertThat(recorded.hops()).extracting(RecordedCase.RecordedHop::role)
        .containsExactly(HopRole.Uplink, HopRole.Bridge, HopRole.Tap, HopRole.Guest);
    for (RecordedCase.RecordedHop hop : recorded.hops()) {
      AtomicInteger longest = new AtomicInteger();
      long packets = PcapFileReader.read(hop.pcap(), (frame, length, micros) -> longest.accumulateAndGet(frame.length, Math::max));
      assertThat(packets).as(hop.pcap().toString()).isEqualTo(hop.packets()).isPositive();
      assertThat(longest.get()).as("snap length").isLessThanOrEqualTo(96);
    }
    assertThat(recorded.path().getHops()).extracting("role").containsExactly(HopRole.Uplink, HopRole.Bridge, HopRole.Tap);
  }

  @Test
  void theNoisySeedHasTheOriginalsShapeABusyLoadAndAGuestThatChattersWhileOnlyAskingForItsGateway() throws Exception {
    RecordedCase noisy = RecordedCase.load("seed-noisy");
    assertThat(noisy.vmAddress()).isNull();
    assertThat(noisy.vmMac()).isEqualTo("00:16:3e:02:1f:00");
    assertThat(noisy.hops()).extracting(RecordedCase.RecordedHop::interfaceName)
        .containsExactly("vlan.700", "eth0.700", "021f00", "eth0");
    assertThat(noisy.actualVmAddress()).endsWith(".251");
    assertThat(noisy.gatewayAddress()).endsWith(".247");

    HopObservation tap = noisy.replay(noisy.hop(HopRole.Tap));
    assertThat(tap.getToVm().getTcpSyn()).as("a few hundred SYNs").isGreaterThanOrEqualTo(200);
    assertThat(tap.getToVm().getArpReply()).as("the gateway's answers delivered").isPositive();
    assertThat(tap.getFromVm().getArpRequest()).as("the guest asking").isPositive();
    assertThat(tap.getFromVm().getIcmpOther()).as("MLD reports, router solicitation").isPositive();
    assertThat(tap.getFromVm().getNeighborSolicitation()).as("DAD").isPositive();
    assertThat(tap.getFromVm().getDhcp()).as("DHCP-like broadcast").isPositive();
    assertThat(tap.getFromVm().replies()).as("no answer to anything").isZero();
  }

  @Test
  void theBusyHealthyVmAnswersWithSynAcksAndDataAndTheIdleOneSeesOnlyTheNodesProbes() throws Exception {
    RecordedCase busy = RecordedCase.load("healthy-busy");
    HopObservation uplink = busy.replay(busy.hop(HopRole.Uplink));
    assertThat(uplink.getToVm().getTcpSyn()).isGreaterThanOrEqualTo(100);
    assertThat(uplink.getFromVm().getTcpSynAck()).isGreaterThanOrEqualTo(100);
    assertThat(uplink.getFromVm().getTcpData()).isPositive();

    RecordedCase idle = RecordedCase.load("healthy-idle");
    HopObservation idleUplink = idle.replay(idle.hop(HopRole.Uplink));
    HopObservation idleTap = idle.replay(idle.hop(HopRole.Tap));
    assertThat(idleUplink.getToVm().total()).as("only the flooded ARP probes").isEqualTo(idleUplink.getToVm().getArpRequest());
    assertThat(idleUplink.getFromVm().total()).isZero();
    assertThat(idleTap.getToVm().getIcmpEchoRequest()).isEqualTo(3);
    assertThat(idleTap.getFromVm().getIcmpEchoReply()).isEqualTo(3);
    assertThat(idleTap.getFromVm().getArpReply()).isPositive();
  }

  @Test
  void theIdleVmsRepliesToTheNodesOwnProbesAreCountedAsBoundForTheNodeAndNeverReachTheUplink() throws Exception {
    for (String name : List.of("healthy-idle", "healthy-idle-host-probes", "idle-late-fin")) {
      RecordedCase idle = RecordedCase.load(name);
      for (HopRole role : List.of(HopRole.Bridge, HopRole.Tap)) {
        HopObservation hop = idle.replay(idle.hop(role));
        assertThat(hop.getFromVm().replies()).as("%s %s: replies", name, role).isPositive();
        // Every reply goes to the node's bridge MAC, the probes' source: none is bound outside.
        assertThat(hop.getFromVmToNode().nonZero()).as("%s %s: replies to the node", name, role)
            .containsAllEntriesOf(replies(hop));
      }
      HopObservation uplink = idle.replay(idle.hop(HopRole.Uplink));
      assertThat(uplink.getFromVm().total()).as("%s: nothing from the VM at the uplink", name).isZero();
      assertThat(uplink.getFromVmToNode().total()).isZero();
    }
  }

  private static Map<PacketKind, Long> replies(HopObservation hop) {
    Map<PacketKind, Long> replies = new EnumMap<>(PacketKind.class);
    hop.getFromVm().nonZero().forEach((kind, n) -> {
      if (kind.isReply()) {
        replies.put(kind, n);
      }
    });
    return replies;
  }
}
