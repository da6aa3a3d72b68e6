package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSynAck;
import static io.vmnetdiag.diagnosis.HopBuilder.bridge;
import static io.vmnetdiag.diagnosis.HopBuilder.tap;
import static io.vmnetdiag.diagnosis.HopBuilder.uplink;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.KernelDropsState;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kernel's drop reasons are node-wide counts: quoted in the evidence, never deciding a verdict. */
class KernelDropReasonsVerdictTest {
  private final VerdictEngine engine = new VerdictEngine();

  /** A busy node: many drops of the very reasons the VM's faults would show, none tied to the path. */
  static KernelDrops noisyNode() {
    KernelDrops drops = new KernelDrops();
    drops.setState(KernelDropsState.Counted);
    drops.setEvents(5_400);
    drops.setLost(250);
    drops.getUnattributed().add(new DropReasonCount("NETFILTER_DROP", "nft_do_chain", 5_000));
    drops.getUnattributed().add(new DropReasonCount("BRIDGE_INGRESS_STP_STATE", "br_handle_frame", 300));
    drops.getUnattributed().add(new DropReasonCount("QDISC_DROP", "__dev_queue_xmit", 80));
    drops.getUnattributed().add(new DropReasonCount("NO_SOCKET", "__udp4_lib_rcv", 20));
    return drops;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.vmnetdiag.diagnosis.VerdictEngineTest#scenarios")
  void nodeWideDropsNeverChangeTheVerdictOfAnyScenario(String scenario, VerdictReason reason, String location,
      List<HopObservation> hops) {
    Verdict without = engine.decide(HopBuilder.pathOf(hops), hops, null);
    Verdict with = engine.decide(HopBuilder.pathOf(hops), hops, null, noisyNode());

    assertThat(with.getReason()).as(scenario).isEqualTo(without.getReason()).isEqualTo(reason);
    assertThat(with.getLocation()).as(scenario).isEqualTo(without.getLocation()).isEqualTo(location);
    assertThat(with.getSummary()).as(scenario).isEqualTo(without.getSummary());
    // one line after what the verdict had: always for a loss on the node (in place of a last quote if need be),
    // for any other verdict only when there is room
    assertThat(with.getEvidence()).hasSizeLessThanOrEqualTo(EvidenceWriter.MAX_LINES);
    String nodeWide = DropReasonEvidence.nodeWideLine(noisyNode()).orElseThrow();
    List<String> before = with.getEvidence().subList(0, with.getEvidence().size() - 1);
    if (with.getEvidence().get(with.getEvidence().size() - 1).equals(nodeWide)) {
      assertThat(without.getEvidence()).as(scenario).startsWith(before.toArray(String[]::new));
    } else {
      assertThat(with.getEvidence()).as(scenario).isEqualTo(without.getEvidence()).hasSize(EvidenceWriter.MAX_LINES);
    }
    if (reason == VerdictReason.LostInsideHost || reason == VerdictReason.LostOnEgress) {
      assertThat(with.getEvidence()).as(scenario).last().isEqualTo(nodeWide);
    }
  }

  static Stream<Arguments> healthy() {
    return Stream.of(Arguments.of(List.of(uplink("eth0").to(TcpSyn, 20).from(TcpSynAck, 20).build(),
        bridge("br0").to(TcpSyn, 20).from(TcpSynAck, 20).build(), tap("vnet3").to(TcpSyn, 20).from(TcpSynAck, 20).build())));
  }

  @ParameterizedTest
  @MethodSource("healthy")
  void aHealthyPathOnANoisyNodeStaysHealthyAndSaysTheDropsAreNotTheVms(List<HopObservation> hops) {
    Verdict verdict = engine.decide(HopBuilder.pathOf(hops), hops, null, noisyNode());

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.PathHealthy);
    assertThat(verdict.getEvidence()).last().isEqualTo("node-wide kernel drop reasons not attributed to the VM's path:"
        + " NETFILTER_DROP in nft_do_chain 5000, BRIDGE_INGRESS_STP_STATE in br_handle_frame 300, QDISC_DROP in"
        + " __dev_queue_xmit 80, ... (250 more events not counted)");
  }

  @Test
  void aCountTiedToAHopIsQuotedWithItsHopAndWhyButDoesNotNameTheCause() {
    List<HopObservation> hops = List.of(uplink("eth0").to(TcpSyn, 20).build(), bridge("br0").to(TcpSyn, 20)
        .dropReason("BRIDGE_INGRESS_STP_STATE", "br_handle_frame", 20, "frames crossing bridge br0 were lost").build(),
        tap("vnet3").build());

    Verdict verdict = engine.decide(HopBuilder.pathOf(hops), hops, null, null);

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(verdict.getLocation()).isEqualTo("bridge->tap");
    assertThat(verdict.getSummary()).isEqualTo(engine.decide(HopBuilder.pathOf(hops), hops).getSummary());
    assertThat(verdict.getEvidence()).contains("the kernel dropped 20 packets with reason BRIDGE_INGRESS_STP_STATE in"
        + " br_handle_frame during the window (node-wide), tied to bridge br0: frames crossing bridge br0 were lost");
  }

  @Test
  void dropReasonsThatCouldNotBeCountedSaySoWithoutChangingTheVerdict() {
    List<HopObservation> hops = List.of(uplink("eth0").to(TcpSyn, 20).build(), bridge("br0").to(TcpSyn, 20).build(),
        tap("vnet3").build());

    Verdict verdict = engine.decide(HopBuilder.pathOf(hops), hops, null,
        KernelDrops.notAvailable("tracefs is not mounted where the agent runs, and mounting it privately needs"
            + " CAP_SYS_ADMIN, which the agent does not have (errno 1)"));

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(verdict.getEvidence()).contains("kernel drop reasons not available: tracefs is not mounted where the"
        + " agent runs, and mounting it privately needs CAP_SYS_ADMIN, which the agent does not have (errno 1)");
  }

  @Test
  void aQuietNodeAddsNoLine() {
    List<HopObservation> hops = healthy().findFirst().map(args -> (List<HopObservation>) args.get()[0]).orElseThrow();
    KernelDrops quiet = new KernelDrops();
    quiet.setState(KernelDropsState.Counted);

    assertThat(engine.decide(HopBuilder.pathOf(hops), hops, null, quiet).getEvidence())
        .isEqualTo(engine.decide(HopBuilder.pathOf(hops), hops).getEvidence());
  }
}
