package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpData;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed case on IPv6 reads like the IPv4 one; a VLAN-only uplink is named in the evidence; data replies are health. */
class Ipv6AndVlanVerdictTest {
  private final VerdictEngine engine = new VerdictEngine();

  private Verdict decide(String vmAddress, HopObservation... hops) {
    List<HopObservation> list = List.of(hops);
    return engine.decide(HopBuilder.pathOf(list, vmAddress), list);
  }

  @Test
  void ipv6SeedSummaryNamesTheSolicitationsAndTheirTarget() {
    Verdict verdict = decide(SeedCase6.VM, SeedCase6.uplink().build(), SeedCase6.bridge().build(), SeedCase6.tap().build());

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(verdict.getSummary()).isEqualTo("The guest behind tap vnet3 received 42 packets"
        + " (TCP SYN to 22/80/443, neighbour advertisements) but answered none of them and kept asking for fd00::1"
        + " (asked 6 times, 6 answers handed to it, asked 5 times after the first):"
        + " its network stack is not processing received packets (a wedged NIC driver?).");
    assertThat(verdict.getEvidence()).contains(
        "tap vnet3: to VM 36 TcpSyn, 6 NeighborAdvertisement; from VM 6 NeighborSolicitation",
        "vnet3: 08:21:15.884842 IP6 fd00::51 > ff02::1:ff00:1: ICMP6, neighbor solicitation, who has fd00::1, length 32",
        "vnet3: 08:21:13.900001 IP6 fd00::1 > fd00::51: ICMP6, neighbor advertisement, tgt is fd00::1, length 32",
        "vnet3: 08:21:14.000002 IP6 fd00::2.40112 > fd00::51.22: Flags [S], seq 123, win 64240, length 0");
    assertThat(verdict.getEvidence()).filteredOn(line -> line.contains("who has")).hasSize(1);
  }

  @Test
  void aVmAddressSpelledLongHandStillMatchesTcpdumpsShortForm() {
    Verdict verdict = decide("fd00:0:0:0:0:0:0:51", SeedCase6.uplink().build(), SeedCase6.tap().build());

    assertThat(verdict.getSummary()).contains("for fd00::1").contains("TCP SYN to 22/80/443");
  }

  @Test
  void oneNeighbourSolicitationIsSingular() {
    Verdict verdict = decide(SeedCase6.VM,
        HopBuilder.uplink("eth0").to(TcpSyn, 3).from(io.vmnetdiag.api.v1alpha1.PacketKind.NeighborSolicitation, 1)
            .lookup(SeedCase6.GATEWAY, 1, 0, 0).build(),
        HopBuilder.tap("vnet3").to(TcpSyn, 3).from(io.vmnetdiag.api.v1alpha1.PacketKind.NeighborSolicitation, 1)
            .lookup(SeedCase6.GATEWAY, 1, 0, 0).build());

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.LostUpstreamOfHost);
    assertThat(verdict.getSummary()).contains("sends 1 neighbour lookup for fd00::1 (asked once, 0 answers handed to it)")
        .contains("and no answer comes back");
  }

  @Test
  void uplinkTrafficOnlyInsideAVlanTagIsNamedInTheEvidence() {
    Verdict verdict = decide(HopBuilder.VM,
        HopBuilder.uplink("eth0").to(TcpSyn, 36).from(io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest, 4)
            .vlan(701, 36).vlan(700, 4).build(),
        HopBuilder.bridge("br0").build(), HopBuilder.tap("vnet3").build());

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(verdict.getLocation()).isEqualTo("uplink->bridge");
    assertThat(verdict.getEvidence()).contains("uplink eth0 saw the VM's packets only tagged with"
        + " VLANs 701 (36 frames) and 700 (4 frames), and none reached tap vnet3:"
        + " does the VLAN match the one the VM's bridge or port is on?");
  }

  @Test
  void noVlanNoteWhenSomeTrafficIsUntaggedOrTheTapSeesTraffic() {
    Verdict partlyTagged = decide(HopBuilder.VM,
        HopBuilder.uplink("eth0").to(TcpSyn, 36).vlan(701, 20).build(), HopBuilder.tap("vnet3").build());
    Verdict tapSees = decide(HopBuilder.VM,
        HopBuilder.uplink("eth0").to(TcpSyn, 36).vlan(701, 36).build(),
        HopBuilder.tap("vnet3").to(TcpSyn, 36).build());
    Verdict untagged = decide(HopBuilder.VM, HopBuilder.uplink("eth0").to(TcpSyn, 36).build(), HopBuilder.tap("vnet3").build());

    assertThat(partlyTagged.getReason()).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(tapSees.getReason()).isEqualTo(VerdictReason.GuestNotResponding);
    for (Verdict verdict : List.of(partlyTagged, tapSees, untagged)) {
      assertThat(verdict.getEvidence()).noneMatch(line -> line.contains("VLAN"));
    }
  }

  @Test
  void dataRepliesMakeAHealthyPath() {
    Verdict verdict = decide(HopBuilder.VM,
        HopBuilder.uplink("eth0").to(TcpData, 50).from(TcpData, 40)
            .samples(Sample.tcp("08:21:14.000000", TrafficDirection.FromVm, TcpData, HopBuilder.VM, 22, "10.77.0.2", 40112))
            .build(),
        HopBuilder.tap("vnet3").to(TcpData, 50).from(TcpData, 40).build());

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.PathHealthy);
    assertThat(verdict.getSummary()).contains("(TCP data, 40 in all) for the 50 packets asking it something");
    assertThat(verdict.getEvidence()).contains(
        "eth0: 08:21:14.000000 IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [P.], seq 1:101, ack 1, win 500, length 100");
  }
}
