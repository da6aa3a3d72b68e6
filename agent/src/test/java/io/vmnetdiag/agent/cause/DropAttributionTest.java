package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.QdiscDrop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A count goes to a hop only when the hop's own evidence shows the drop there; the rest stays node-wide. */
class DropAttributionTest {
  private final HopObservation uplink = new HopObservation(HopRole.Uplink, "eth0");
  private final HopObservation bridge = new HopObservation(HopRole.Bridge, "br0");
  private final HopObservation tap = new HopObservation(HopRole.Tap, "vnet3");
  private final Map<DropTraceLine, Long> counts = new LinkedHashMap<>();

  DropAttributionTest() {
    counts.put(new DropTraceLine("NO_SOCKET", "__udp4_lib_rcv"), 7L);
    counts.put(new DropTraceLine("NETFILTER_DROP", "nft_do_chain"), 31L);
    counts.put(new DropTraceLine("QDISC_DROP", "__dev_queue_xmit"), 4L);
    counts.put(new DropTraceLine("BRIDGE_INGRESS_STP_STATE", "br_handle_frame"), 12L);
  }

  @Test
  void withoutEvidenceOnTheHopsEverythingIsNodeWideMostFirst() {
    uplink.getToVm().add(PacketKind.TcpSyn, 10);
    tap.getToVm().add(PacketKind.TcpSyn, 10);

    List<DropReasonCount> rest = DropAttribution.attribute(counts, List.of(uplink, bridge, tap), null);

    assertThat(rest).extracting(DropReasonCount::toString).containsExactly("NETFILTER_DROP at nft_do_chain: 31",
        "BRIDGE_INGRESS_STP_STATE at br_handle_frame: 12", "NO_SOCKET at __udp4_lib_rcv: 7", "QDISC_DROP at __dev_queue_xmit: 4");
    assertThat(List.of(uplink, bridge, tap)).allSatisfy(hop -> assertThat(hop.getDropReasons()).isEmpty());
  }

  @Test
  void netfilterDropsGoWhereAnNftablesDropRuleCountedAndQdiscDropsWhereAQdiscDid() {
    FirewallRuleHit rule = new FirewallRuleHit();
    rule.setFamily("bridge");
    rule.setTable("vndfault");
    rule.setChain("to_vm");
    rule.setHandle(2L);
    rule.setVerdict("drop");
    rule.setPackets(29L);
    tap.getFirewallRules().add(rule);
    uplink.getQdiscDrops().add(new QdiscDrop("tbf", "1:", "root", 4, 9));

    List<DropReasonCount> rest = DropAttribution.attribute(counts, List.of(uplink, bridge, tap), "bridge->tap");

    assertThat(tap.getDropReasons()).singleElement().satisfies(count -> {
      assertThat(count.toString()).isEqualTo("NETFILTER_DROP at nft_do_chain: 31");
      assertThat(count.getAttribution()).startsWith("nftables drop rule table bridge vndfault chain to_vm handle 2,"
          + " tied to this hop, dropped 29 packets during the window");
    });
    assertThat(uplink.getDropReasons()).extracting(DropReasonCount::toString).containsExactly("QDISC_DROP at __dev_queue_xmit: 4");
    assertThat(rest).extracting(DropReasonCount::getReason).containsExactly("NO_SOCKET");
  }

  @Test
  void bridgeDropsGoToTheBridgeOnlyWhenTheLossIsPlacedNextToIt() {
    DropAttribution.attribute(new LinkedHashMap<>(counts), List.of(uplink, bridge, tap), "guest");
    assertThat(bridge.getDropReasons()).isEmpty();

    DropAttribution.attribute(counts, List.of(uplink, bridge, tap), "bridge->tap");

    assertThat(bridge.getDropReasons()).singleElement().satisfies(count -> {
      assertThat(count.getReason()).isEqualTo("BRIDGE_INGRESS_STP_STATE");
      assertThat(count.getAttribution()).startsWith("the hops' counts place the VM's loss at bridge->tap, next to"
          + " bridge br0");
    });
  }

  @Test
  void theLossIsPlacedByTheVerdictEnginesReadingOfTheHops() {
    uplink.getToVm().add(PacketKind.TcpSyn, 20);
    bridge.getToVm().add(PacketKind.TcpSyn, 20);
    assertThat(KernelDropReasons.lossOnNode(null, List.of(uplink, bridge, tap))).isEqualTo("bridge->tap");

    tap.getToVm().add(PacketKind.TcpSyn, 20);
    tap.getFromVm().add(PacketKind.TcpSynAck, 20);
    bridge.getFromVm().add(PacketKind.TcpSynAck, 20);
    uplink.getFromVm().add(PacketKind.TcpSynAck, 19);
    assertThat(KernelDropReasons.lossOnNode(null, List.of(uplink, bridge, tap))).isNull();
  }
}
