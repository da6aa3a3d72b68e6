package io.vmnetdiag.capture.probe;

import static io.vmnetdiag.capture.probe.ProbeFramesTest.VM_MAC;
import static io.vmnetdiag.capture.probe.ProbeSourceTest.address;
import static io.vmnetdiag.capture.probe.ProbeSourceTest.bridge;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProberTest {
  private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
  private static final Hop BRIDGE = new Hop(HopRole.Bridge, "br0");
  private final TestingPacer pacer = new TestingPacer(START);
  private final TestingSender sender = new TestingSender(pacer);
  private LocalInterface bridgeFacts = bridge(address("10.1.2.1", 24));
  private final Prober prober = new Prober(name -> name.equals("br0") ? Optional.of(bridgeFacts) : Optional.empty(),
      sender, pacer);

  @Test
  void sendsEveryProbeFromTheBridgeAddressAtMostFivePerSecond() {
    ProbeReport report = prober.probe(target("10.1.2.51", 3), BRIDGE, START.plusSeconds(30));

    assertThat(report.isSent()).isTrue();
    assertThat(report.getSource()).isEqualTo("10.1.2.1 on br0 (02:aa:bb:cc:dd:01)");
    assertThat(report.getProbes()).containsExactly("3 ARP who-has 10.1.2.51", "3 ICMP echo request", "3 TCP SYN to 22");
    assertThat(report.getReason()).startsWith("Sent from the bridge because the bridge's own address 10.1.2.1/24");
    assertThat(sender.openedOn).containsExactly("br0");
    assertThat(sender.closed).isTrue();
    assertThat(sender.frames).hasSize(9)
        .allSatisfy(frame -> assertThat(Arrays.copyOf(frame, 6)).as("to the VM only").isEqualTo(VM_MAC));
    assertThat(sender.times.get(0)).as("first at once").isEqualTo(START);
    for (int i = 1; i < sender.times.size(); i++) {
      assertThat(Duration.between(sender.times.get(i - 1), sender.times.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
  }

  @Test
  void aSlowSendNeverBringsTheNextOneCloser() {
    sender.costPerSend = Duration.ofMillis(150);
    prober.probe(target("10.1.2.51", 2), BRIDGE, START.plusSeconds(30));
    for (int i = 1; i < sender.times.size(); i++) {
      assertThat(Duration.between(sender.times.get(i - 1), sender.times.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
  }

  @Test
  void onlyWhatFitsBeforeTheDeadlineIsSent() {
    ProbeReport report = prober.probe(target("10.1.2.51", 3), BRIDGE, START.plusMillis(1000));
    assertThat(sender.frames).as("0, 200, ..., 1000 ms").hasSize(6);
    assertThat(sender.times).allSatisfy(time -> assertThat(time).isBeforeOrEqualTo(START.plusMillis(1000)));
    assertThat(report.getProbes()).containsExactly("2 ARP who-has 10.1.2.51", "2 ICMP echo request", "2 TCP SYN to 22");
    assertThat(report.getReason()).contains("Only 6 of 9 planned probes fit before the middle of the window");
  }

  @Test
  void aDeadlineAlreadyPassedSendsNothing() {
    ProbeReport report = prober.probe(target("10.1.2.51", 3), BRIDGE, START.minusMillis(1));
    assertThat(report.isSent()).isFalse();
    assertThat(sender.frames).isEmpty();
  }

  @Test
  void bridgeWithoutAddressInTheSubnetSendsOnlyArpProbes() {
    bridgeFacts = bridge(address("192.168.7.1", 24));
    ProbeReport report = prober.probe(target("10.1.2.51", 3), BRIDGE, START.plusSeconds(30));
    assertThat(report.isSent()).isTrue();
    assertThat(report.getSource()).isEqualTo("0.0.0.0 on br0 (02:aa:bb:cc:dd:01)");
    assertThat(report.getProbes()).containsExactly("3 ARP who-has 10.1.2.51 (ARP probe, sender 0.0.0.0)");
    assertThat(report.getReason())
        .startsWith("Only ARP probes (RFC 5227, sender 0.0.0.0) were sent: the bridge br0 has no IPv4 address in the VM's subnet")
        .contains("nothing on the node could receive ICMP or TCP replies");
    assertThat(sender.frames).hasSize(3);
  }

  @Test
  void unknownVmAddressSendsNothingAndSaysSo() {
    ProbeReport report = prober.probe(target(null, 3), BRIDGE, START.plusSeconds(30));
    assertThat(report.isSent()).isFalse();
    assertThat(report.getReason()).startsWith("The VM's IP address is unknown");
    assertThat(report.getProbes()).isEmpty();
    assertThat(sender.openedOn).as("never even opened the bridge").isEmpty();
  }

  @Test
  void missingBridgeSendsNothing() {
    assertThat(prober.probe(target("10.1.2.51", 3), null, START.plusSeconds(30)).getReason())
        .isEqualTo("The VM's path has no bridge to send probes from, so nothing was sent.");
    ProbeReport report = prober.probe(target("10.1.2.51", 3), new Hop(HopRole.Bridge, "br9"), START.plusSeconds(30));
    assertThat(report.isSent()).isFalse();
    assertThat(report.getReason()).contains("br9 does not exist");
    assertThat(sender.frames).isEmpty();
  }

  @Test
  void aSendFailureStopsAndReportsWhatWentOut() {
    sender.failFrom = 4;
    ProbeReport report = prober.probe(target("10.1.2.51", 3), BRIDGE, START.plusSeconds(30));
    assertThat(report.isSent()).isTrue();
    assertThat(report.getProbes()).containsExactly("1 ARP who-has 10.1.2.51", "1 ICMP echo request", "1 TCP SYN to 22");
    assertThat(report.getReason()).endsWith("Sending stopped after 3 probe(s): the interface went away.");
    assertThat(sender.closed).isTrue();
  }

  @Test
  void anOpenFailureSendsNothing() {
    Prober failing = new Prober(name -> Optional.of(bridgeFacts), name -> {
      throw new ProbeFailure("Could not open interface br0 to send probes: permission denied.");
    }, pacer);
    ProbeReport report = failing.probe(target("10.1.2.51", 3), BRIDGE, START.plusSeconds(30));
    assertThat(report.isSent()).isFalse();
    assertThat(report.getReason()).isEqualTo("Could not open interface br0 to send probes: permission denied. Nothing was sent.");
  }

  private static ProbeTarget target(String vmIp, int count) {
    return ProbeTarget.of("52:54:00:12:34:56", vmIp, List.of(), count);
  }
}
