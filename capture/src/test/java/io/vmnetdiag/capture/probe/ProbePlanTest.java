package io.vmnetdiag.capture.probe;

import static io.vmnetdiag.capture.probe.ProbeFramesTest.BRIDGE_MAC;
import static io.vmnetdiag.capture.probe.ProbeFramesTest.VM_MAC;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.net.IpLiteral;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbePlanTest {
  private static final ProbePlan.RunIds IDS = new ProbePlan.RunIds(61234, 42, 7);
  private static final ProbeSource FROM_BRIDGE =
      new ProbeSource("br0", BRIDGE_MAC, IpLiteral.parse("10.1.2.1", "ip"), "test");
  private static final ProbeSource ARP_PROBE_ONLY = new ProbeSource("br0", BRIDGE_MAC, null, "test");

  @Test
  void roundsOfNeighbourProbeEchoAndOneSynPerPort() {
    ProbeTarget target = ProbeTarget.of("52:54:00:12:34:56", "10.1.2.51", List.of(22, 80), 3);
    List<ProbePlan.Probe> plan = ProbePlan.build(FROM_BRIDGE, target, IDS);
    assertThat(plan).extracting(ProbePlan.Probe::label).containsExactly(
        "ARP who-has 10.1.2.51", "ICMP echo request", "TCP SYN to 22", "TCP SYN to 80",
        "ARP who-has 10.1.2.51", "ICMP echo request", "TCP SYN to 22", "TCP SYN to 80",
        "ARP who-has 10.1.2.51", "ICMP echo request", "TCP SYN to 22", "TCP SYN to 80");
    assertThat(ProbePlan.summarize(plan)).containsExactly(
        "3 ARP who-has 10.1.2.51", "3 ICMP echo request", "3 TCP SYN to 22", "3 TCP SYN to 80");
    assertThat(plan).allSatisfy(p -> assertThat(Arrays.copyOf(p.frame(), 6)).as("to the VM only").isEqualTo(VM_MAC));
    // Echo sequence numbers count the rounds; the SYNs keep one source port.
    assertThat(plan.get(5).frame()[41]).isEqualTo((byte) 2);
    assertThat(plan.stream().filter(p -> p.label().startsWith("TCP"))
        .map(p -> ((p.frame()[34] & 0xff) << 8) | (p.frame()[35] & 0xff)).distinct()).containsExactly(61234);
  }

  @Test
  void withoutPortsSynsGoToSsh() {
    ProbeTarget target = ProbeTarget.of("52:54:00:12:34:56", "10.1.2.51", List.of(), 1);
    assertThat(ProbePlan.summarize(ProbePlan.build(FROM_BRIDGE, target, IDS)))
        .containsExactly("1 ARP who-has 10.1.2.51", "1 ICMP echo request", "1 TCP SYN to 22");
  }

  @Test
  void withoutAnAnswerableSourceOnlyArpProbes() {
    ProbeTarget target = ProbeTarget.of("52:54:00:12:34:56", "10.1.2.51", List.of(22), 3);
    List<ProbePlan.Probe> plan = ProbePlan.build(ARP_PROBE_ONLY, target, IDS);
    assertThat(ProbePlan.summarize(plan)).containsExactly("3 ARP who-has 10.1.2.51 (ARP probe, sender 0.0.0.0)");
    assertThat(Arrays.copyOfRange(plan.get(0).frame(), 28, 32)).isEqualTo(new byte[4]);
  }

  @Test
  void ipv6UsesNeighbourSolicitationAndIcmpv6() {
    ProbeSource source = new ProbeSource("br0", BRIDGE_MAC, IpLiteral.parse("fe80::1", "ip"), "test");
    ProbeTarget target = ProbeTarget.of("52:54:00:12:34:56", "fd00::51", List.of(443), 2);
    assertThat(ProbePlan.summarize(ProbePlan.build(source, target, IDS))).containsExactly(
        "2 ICMPv6 neighbour solicitation for fd00::51", "2 ICMPv6 echo request", "2 TCP SYN to 443");
    assertThat(ProbePlan.summarize(ProbePlan.build(new ProbeSource("br0", BRIDGE_MAC, null, "t"), target, IDS)))
        .containsExactly("2 ICMPv6 neighbour solicitation for fd00::51 (DAD probe, source ::)");
  }

  @Test
  void unknownVmAddressPlansNothing() {
    assertThat(ProbePlan.build(FROM_BRIDGE, ProbeTarget.of("52:54:00:12:34:56", null, List.of(22), 3), IDS)).isEmpty();
  }

  @Test
  void targetClampsCountAndDropsBadPorts() {
    ProbeTarget target = ProbeTarget.of("52:54:00:12:34:56", "10.1.2.51", Arrays.asList(22, null, 0, 70000, 22), 99);
    assertThat(target.count()).isEqualTo(20);
    assertThat(target.ports()).containsExactly(22);
    assertThat(ProbeTarget.of("52:54:00:12:34:56", " ", null, -1).count()).isEqualTo(1);
  }

  @Test
  void sourcePortIsRandomAboveLinuxEphemeralRange() {
    for (int i = 0; i < 200; i++) {
      assertThat(ProbePlan.RunIds.random().sourcePort()).isBetween(61000, 65535);
    }
    assertThat(java.util.stream.IntStream.range(0, 20).map(i -> ProbePlan.RunIds.random().sourcePort()).distinct().count())
        .as("random, not fixed").isGreaterThan(1);
  }
}
