package io.vmnetdiag.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What a guest sends on its own (router solicitations and MLD reports, DHCP renewals, NTP, gratuitous ARP, LLDP)
 * answers nobody: added to any fault's observations, it must not change the verdict. The incidental packets leave
 * the VM and are seen on every hop, as they would be on a path whose way out works.
 */
class IncidentalTrafficPropertyTest {
  private static final List<Object[]> SCENARIOS = VerdictEngineTest.scenarios().map(Arguments::get).toList();
  private final VerdictEngine engine = new VerdictEngine();

  /** One packet the guest sends unprompted, as the capture counts and keeps it. */
  enum Incidental {
    ROUTER_SOLICITATION(PacketKind.IcmpOther),
    MLD_REPORT(PacketKind.IcmpOther),
    DHCP_REQUEST(PacketKind.Dhcp),
    NTP_QUERY(PacketKind.Udp),
    GRATUITOUS_ARP(PacketKind.ArpRequest),
    LLDP(PacketKind.Other);

    final PacketKind kind;

    Incidental(PacketKind kind) {
      this.kind = kind;
    }

    /** Gratuitous ARP asks for the guest's own address: counted as an ARP request, never as a lookup. */
    PacketSample sample(int second) {
      String time = String.format("08:21:%02d.500000", second);
      return switch (this) {
        case GRATUITOUS_ARP -> Sample.arpRequest(time, TrafficDirection.FromVm, HopBuilder.VM, HopBuilder.VM);
        case DHCP_REQUEST -> Sample.of(time, TrafficDirection.FromVm, kind, HopBuilder.VM, 68, "10.77.0.1", 67, null,
            "IP " + HopBuilder.VM + ".68 > 10.77.0.1.67: BOOTP/DHCP, Request from 52:54:00:00:00:51, length 300");
        case NTP_QUERY -> Sample.of(time, TrafficDirection.FromVm, kind, HopBuilder.VM, 123, "10.77.0.1", 123, null,
            "IP " + HopBuilder.VM + ".123 > 10.77.0.1.123: NTPv4, Client, length 48");
        case LLDP -> Sample.of(time, TrafficDirection.FromVm, kind, null, null, null, null, null, "LLDP, length 60");
        default -> Sample.of(time, TrafficDirection.FromVm, kind, "fe80::51", null, "ff02::2", null, null,
            "IP6 fe80::51 > ff02::2: ICMP6, router solicitation, length 16");
      };
    }
  }

  record Noise(Incidental what, int second) {
  }

  @Property(tries = 400)
  void incidentalPacketsFromTheGuestNeverChangeTheVerdict(@ForAll("scenarioIndex") int index,
      @ForAll("noise") List<Noise> noise) {
    Object[] row = SCENARIOS.get(index);
    @SuppressWarnings("unchecked")
    List<HopObservation> hops = (List<HopObservation>) row[3];
    Verdict plain = engine.decide(HopBuilder.pathOf(hops), hops);
    List<HopObservation> noisy = hops.stream().map(hop -> withNoise(hop, noise)).toList();

    Verdict verdict = engine.decide(HopBuilder.pathOf(noisy), noisy);

    assertThat(plain.getReason()).as("the table's own row %s", row[0]).isEqualTo((VerdictReason) row[1]);
    assertThat(verdict.getReason()).as("%s with %s: %s", row[0], noise, verdict.getSummary()).isEqualTo(row[1]);
    assertThat(verdict.getLocation()).as("%s with %s", row[0], noise).isEqualTo(row[2]);
  }

  @Provide
  Arbitrary<Integer> scenarioIndex() {
    return Arbitraries.integers().between(0, SCENARIOS.size() - 1);
  }

  @Provide
  Arbitrary<List<Noise>> noise() {
    return Combinators.combine(Arbitraries.of(Incidental.class), Arbitraries.integers().between(0, 59))
        .as(Noise::new).list().ofMinSize(1).ofMaxSize(6);
  }

  private static HopObservation withNoise(HopObservation hop, List<Noise> noise) {
    HopObservation copy = new HopObservation(hop.getRole(), hop.getInterfaceName());
    copy.setFailure(hop.getFailure());
    copy.setCapture(hop.getCapture());
    copy.setVlans(hop.getVlans());
    copy.setNeighborLookups(hop.getNeighborLookups());
    copy.setVmSourceAddresses(hop.getVmSourceAddresses());
    copy.getToVm().addAll(hop.getToVm());
    copy.getFromVm().addAll(hop.getFromVm());
    copy.getFromVmToNode().addAll(hop.getFromVmToNode());
    List<PacketSample> samples = new ArrayList<>(hop.getSamples());
    for (Noise packet : noise) {
      copy.getFromVm().add(packet.what().kind, 1);
      samples.add(packet.what().sample(packet.second()));
    }
    copy.setSamples(samples);
    return copy;
  }
}
