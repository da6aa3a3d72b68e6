package io.vmnetdiag.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.capture.CaptureSession;
import io.vmnetdiag.capture.CaptureSettings;
import io.vmnetdiag.capture.probe.ProbePlan;
import io.vmnetdiag.capture.record.ProbeWatch;
import io.vmnetdiag.capture.VethLab;
import io.vmnetdiag.testkit.LabTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An idle "VM" behind a real bridge, no traffic at all: the Auto policy must notice the silence at a
 * quarter of the window, probe from the bridge, and the bridge and tap captures must hold the VM's
 * answers. Port 22 is closed in the VM (it answers RST); the second port listens (SYN-ACK, then the
 * node's RST, as no socket on the node owns the probe's port).
 */
@LabTest(tools = {"ip", "bridge", "ping"})
class ProbeLabTest {
  private static final int LISTENING_PORT = 8022;

  @BeforeEach
  void needsRoot() {
    VethLab.requireRoot();
  }

  @Test
  void idleVmIsProbedFromTheBridgeAddressAndAnswers() throws Exception {
    try (VethLab lab = new VethLab().withBridgeAddress().build()) {
      lab.listenInVm(LISTENING_PORT);
      Outcome outcome = captureWithAutoProbes(lab, Duration.ofSeconds(10), new Hop(HopRole.Bridge, lab.bridge));

      ProbeReport probes = outcome.probes;
      assertThat(probes.isSent()).isTrue();
      assertThat(probes.getSource()).startsWith(lab.bridgeIp + " on " + lab.bridge + " (");
      assertThat(probes.getProbes()).containsExactly("3 ARP who-has " + lab.vmIp, "3 ICMP echo request",
          "3 TCP SYN to 22", "3 TCP SYN to " + LISTENING_PORT);
      assertThat(probes.getReason()).startsWith("Nothing asked the VM anything in the first quarter of the window (Auto).")
          .contains(lab.bridgeIp + "/24");
      for (HopObservation hop : outcome.hops) {
        String name = hop.getInterfaceName();
        assertThat(hop.getFailure()).as(name).isNull();
        assertThat(hop.getToVm().get(PacketKind.ArpRequest)).as(name + " our who-has").isGreaterThanOrEqualTo(3);
        assertThat(hop.getFromVm().get(PacketKind.ArpReply)).as(name + " the VM's is-at").isGreaterThanOrEqualTo(3);
        assertThat(hop.getToVm().get(PacketKind.IcmpEchoRequest)).as(name).isEqualTo(3);
        assertThat(hop.getFromVm().get(PacketKind.IcmpEchoReply)).as(name + " echo replies").isEqualTo(3);
        assertThat(hop.getToVm().get(PacketKind.TcpSyn)).as(name).isEqualTo(6);
        assertThat(hop.getFromVm().get(PacketKind.TcpSynAck)).as(name + " SYN-ACKs of the listening port").isEqualTo(3);
        assertThat(hop.getFromVm().get(PacketKind.TcpRst)).as(name + " the VM's RSTs for closed port 22").isEqualTo(3);
        assertThat(hop.getToVm().get(PacketKind.TcpRst)).as(name + " the node's RSTs for the SYN-ACKs").isEqualTo(3);
      }
      // Each probe followed by its identity across both hops, and its answer back through both.
      List<String> both = List.of("bridge " + lab.bridge, "tap " + lab.tap);
      assertThat(outcome.traces).hasSize(5).allSatisfy(trace -> {
        assertThat(trace.seenAt()).as(trace.probe()).isEqualTo(both);
        assertThat(trace.answeredAt()).as(trace.probe()).isEqualTo(both);
      });
      assertThat(outcome.traces).extracting(ProbeWatch.Trace::probe)
          .filteredOn(probe -> probe.startsWith("ICMP echo request id ")).hasSize(3)
          .allMatch(probe -> probe.matches("ICMP echo request id \\d+ seq [123]"));
      assertThat(outcome.traces).extracting(ProbeWatch.Trace::probe)
          .filteredOn(probe -> probe.startsWith("TCP SYN ")).hasSize(2)
          .anyMatch(probe -> probe.endsWith(" > 22")).anyMatch(probe -> probe.endsWith(" > " + LISTENING_PORT));
    }
  }

  @Test
  void bridgeWithoutAddressSendsOnlyArpProbes() throws Exception {
    try (VethLab lab = new VethLab().build()) {
      // The prober enters the bridge's namespace itself when the hop names one.
      Hop bridge = lab.hopInHost(HopRole.Bridge, lab.bridge);
      Outcome outcome = captureWithAutoProbes(lab, Duration.ofSeconds(4), bridge);

      ProbeReport probes = outcome.probes;
      assertThat(probes.isSent()).isTrue();
      assertThat(probes.getSource()).startsWith("0.0.0.0 on " + lab.bridge + " (");
      assertThat(probes.getProbes()).containsExactly("3 ARP who-has " + lab.vmIp + " (ARP probe, sender 0.0.0.0)");
      assertThat(probes.getReason()).contains("Only ARP probes (RFC 5227, sender 0.0.0.0) were sent")
          .contains("has no IPv4 address in the VM's subnet");
      for (HopObservation hop : outcome.hops) {
        String name = hop.getInterfaceName();
        assertThat(hop.getFailure()).as(name).isNull();
        assertThat(hop.getToVm().get(PacketKind.ArpRequest)).as(name + " our ARP probes").isEqualTo(3);
        assertThat(hop.getFromVm().get(PacketKind.ArpReply)).as(name + " the VM's answers").isEqualTo(3);
        assertThat(hop.getToVm().total()).as(name + " nothing else sent").isEqualTo(3);
      }
    }
  }

  @Test
  void ipv6VmGetsNeighbourSolicitationsEchoAndSyns() throws Exception {
    try (VethLab lab = new VethLab().withBridgeAddress().withIpv6().build()) {
      // IPv6 brings the VM's own chatter (MLD, router solicitations), so Auto would rightly hold back.
      Outcome outcome = capture(lab, Duration.ofSeconds(6), new Hop(HopRole.Bridge, lab.bridge), lab.vmIp6, "Always");

      ProbeReport probes = outcome.probes;
      assertThat(probes.isSent()).isTrue();
      assertThat(probes.getSource()).startsWith(lab.bridgeIp6 + " on " + lab.bridge + " (");
      assertThat(probes.getProbes()).containsExactly("3 ICMPv6 neighbour solicitation for " + lab.vmIp6,
          "3 ICMPv6 echo request", "3 TCP SYN to 22", "3 TCP SYN to " + LISTENING_PORT);
      for (HopObservation hop : outcome.hops) {
        String name = hop.getInterfaceName();
        assertThat(hop.getToVm().get(PacketKind.NeighborSolicitation)).as(name).isGreaterThanOrEqualTo(3);
        assertThat(hop.getFromVm().get(PacketKind.NeighborAdvertisement)).as(name).isGreaterThanOrEqualTo(3);
        assertThat(hop.getToVm().get(PacketKind.IcmpEchoRequest)).as(name).isEqualTo(3);
        assertThat(hop.getFromVm().get(PacketKind.IcmpEchoReply)).as(name).isEqualTo(3);
        assertThat(hop.getFromVm().get(PacketKind.TcpRst)).as(name + " both ports closed").isEqualTo(6);
      }
    }
  }

  @Test
  void ipv6BridgeWithoutAddressSendsDadProbesTheVmAnswers() throws Exception {
    try (VethLab lab = new VethLab().withIpv6().build()) {
      Outcome outcome = capture(lab, Duration.ofSeconds(4), new Hop(HopRole.Bridge, lab.bridge), lab.vmIp6, "Always");

      assertThat(outcome.probes.getProbes())
          .containsExactly("3 ICMPv6 neighbour solicitation for " + lab.vmIp6 + " (DAD probe, source ::)");
      assertThat(outcome.probes.getReason()).contains("Only duplicate address detection probes (source ::)");
      for (HopObservation hop : outcome.hops) {
        assertThat(hop.getToVm().get(PacketKind.NeighborSolicitation)).as(hop.getInterfaceName()).isGreaterThanOrEqualTo(3);
        assertThat(hop.getFromVm().get(PacketKind.NeighborAdvertisement)).as(hop.getInterfaceName() + " the VM defends its address")
            .isGreaterThanOrEqualTo(3);
        assertThat(hop.getToVm().get(PacketKind.IcmpEchoRequest)).isZero();
      }
    }
  }

  private record Outcome(List<HopObservation> hops, ProbeReport probes, List<ProbeWatch.Trace> traces) {
  }

  private static Outcome captureWithAutoProbes(VethLab lab, Duration window, Hop bridge) throws Exception {
    return capture(lab, window, bridge, lab.vmIp, "Auto");
  }

  private static Outcome capture(VethLab lab, Duration window, Hop bridge, String vmIp, String mode) throws Exception {
    CaptureRequest request = new CaptureRequest();
    request.setProbeMode(mode);
    request.setProbeCount(3);
    request.setPorts(List.of(22, LISTENING_PORT));
    ResolvedPath path = new ResolvedPath();
    path.setVmMac(lab.vmMac);
    path.setVmAddress(vmIp);
    path.setHops(List.of(bridge, new Hop(HopRole.Tap, lab.tap)));
    ProbePlan.RunIds ids = ProbePlan.RunIds.random();
    ProbeWatch watch = new ProbeWatch(ids.echoId(), ids.sourcePort());
    ProbePolicy policy = ProbePolicy.from(request, path, ids);
    // No port focus in the capture: the probes' every answer is evidence.
    CaptureSettings settings = new CaptureSettings(lab.vmMac, vmIp, window, 96, List.of(), List.of(), 5, null, watch);
    AtomicReference<ProbeReport> probes = new AtomicReference<>();
    List<HopObservation> hops = lab.inHostNamespace(() -> new CaptureSession(settings)
        .run(List.of(new Hop(HopRole.Bridge, lab.bridge), new Hop(HopRole.Tap, lab.tap)),
            w -> probes.set(policy.runDuring(w))));
    hops.forEach(hop -> System.out.println(hop.getInterfaceName() + " to VM " + hop.getToVm() + " from VM "
        + hop.getFromVm() + " samples " + hop.getSamples()));
    System.out.println("probes: " + probes.get().getReason() + " " + probes.get().getProbes());
    assertThat(hops).hasSize(2);
    return new Outcome(hops, probes.get(), watch.traces());
  }
}
