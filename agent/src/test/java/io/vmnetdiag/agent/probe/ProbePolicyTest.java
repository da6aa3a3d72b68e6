package io.vmnetdiag.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.capture.CaptureWindow;
import io.vmnetdiag.capture.probe.TestingPacer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbePolicyTest {
  private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant END = START.plusSeconds(20);
  private final TestingPacer clock = new TestingPacer(START);
  private final FakeWindow window = new FakeWindow();
  private final List<Instant> probedAt = new ArrayList<>();
  private final List<Instant> deadlines = new ArrayList<>();
  private final List<String> learnedAddresses = new ArrayList<>();
  private final ProbeAction action = (deadline, learned) -> {
    probedAt.add(clock.now());
    learnedAddresses.add(learned);
    deadlines.add(deadline);
    ProbeReport report = new ProbeReport();
    report.setSent(true);
    report.setReason("Sent from the bridge.");
    report.getProbes().add("3 ARP who-has 10.1.2.51");
    return report;
  };

  @Test
  void alwaysProbesAtOnceAndFinishesByTheMiddle() {
    window.related = 500;
    ProbeReport report = new ProbePolicy(ProbeMode.Always, action, clock).runDuring(window);
    assertThat(probedAt).containsExactly(START);
    assertThat(deadlines).containsExactly(START.plusSeconds(10));
    assertThat(report.isSent()).isTrue();
    assertThat(report.getReason()).isEqualTo("Probes asked for (Always) from the start of the window. Sent from the bridge.");
    assertThat(report.getProbes()).containsExactly("3 ARP who-has 10.1.2.51");
  }

  @Test
  void neverProbes() {
    ProbeReport report = new ProbePolicy(ProbeMode.Never, action, clock).runDuring(window);
    assertThat(probedAt).isEmpty();
    assertThat(report.isSent()).isFalse();
    assertThat(report.getReason()).isEqualTo("Probes are off (Never).");
    assertThat(clock.now()).as("did not wait").isEqualTo(START);
  }

  @Test
  void autoProbesAnIdleVmAtAQuarterOfTheWindow() {
    ProbeReport report = new ProbePolicy(ProbeMode.Auto, action, clock).runDuring(window);
    assertThat(window.askedAt).as("looked only at the quarter").containsOnly(START.plusSeconds(5));
    assertThat(probedAt).containsExactly(START.plusSeconds(5));
    assertThat(deadlines).containsExactly(START.plusSeconds(10));
    assertThat(report.isSent()).isTrue();
    assertThat(report.getReason())
        .startsWith("Nothing was sent towards the VM in the first quarter of the window (Auto).");
  }

  @Test
  void autoProbesAVmThatOnlyChattersAndUsesTheAddressItSentFrom() {
    window.fromVmOnly = 4;
    ProbeReport report = new ProbePolicy(ProbeMode.Auto, action, clock).runDuring(window);
    assertThat(report.isSent()).isTrue();
    assertThat(learnedAddresses).containsExactly("10.1.2.51");
  }

  @Test
  void autoLeavesABusyVmAlone() {
    window.related = 3;
    ProbeReport report = new ProbePolicy(ProbeMode.Auto, action, clock).runDuring(window);
    assertThat(probedAt).isEmpty();
    assertThat(window.askedAt).containsExactly(START.plusSeconds(5));
    assertThat(report.isSent()).isFalse();
    assertThat(report.getReason()).startsWith("3 packet(s) towards the VM in the first quarter of the window");
  }

  @Test
  void aThrowingProbeIsReportedNotPropagated() {
    ProbeReport report = new ProbePolicy(ProbeMode.Always, (deadline, learned) -> {
      throw new IllegalArgumentException("VM MAC address 'x' is not of the form aa:bb:cc:dd:ee:ff");
    }, clock).runDuring(window);
    assertThat(report.isSent()).isFalse();
    assertThat(report.getReason()).contains("Probing failed: VM MAC address 'x'");
  }

  @Test
  void fromRequestReadsTheModeAndRefusesAnUnknownOne() {
    ResolvedPath path = new ResolvedPath();
    path.setVmMac("52:54:00:12:34:56");
    CaptureRequest request = new CaptureRequest();
    request.setProbeMode("never");
    assertThat(ProbePolicy.from(request, path).runDuring(window).getReason()).isEqualTo("Probes are off (Never).");
    request.setProbeMode("Sometimes");
    ProbeReport report = ProbePolicy.from(request, path).runDuring(window);
    assertThat(report.isSent()).isFalse();
    assertThat(report.getReason()).isEqualTo("Unknown probe mode 'Sometimes': nothing was sent.");
  }

  @Test
  void fromRequestWithoutVmAddressSendsNothing() {
    ResolvedPath path = new ResolvedPath();
    path.setVmMac("52:54:00:12:34:56");
    CaptureRequest request = new CaptureRequest();
    request.setProbeMode("Always");
    window.end = Instant.now().plusSeconds(4);
    window.start = Instant.now();
    ProbeReport report = ProbePolicy.from(request, path).runDuring(window);
    assertThat(report.isSent()).isFalse();
    assertThat(report.getReason()).contains("The VM's IP address is unknown");
  }

  private final class FakeWindow implements CaptureWindow {
    long related;
    long fromVmOnly;
    Instant start = START;
    Instant end = END;
    final List<Instant> askedAt = new ArrayList<>();

    @Override
    public List<HopObservation> liveSnapshots() {
      askedAt.add(clock.now());
      HopObservation tap = new HopObservation(HopRole.Tap, "vnet0");
      tap.getToVm().add(PacketKind.TcpSyn, related);
      tap.getFromVm().add(PacketKind.Dhcp, fromVmOnly);
      if (fromVmOnly > 0) {
        tap.getVmSourceAddresses().add("10.1.2.51");
      }
      return List.of(tap);
    }

    @Override
    public void endNow() {
      end = clock.now();
    }

    @Override
    public boolean ended() {
      return !clock.now().isBefore(end);
    }

    @Override
    public Instant start() {
      return start;
    }

    @Override
    public Instant end() {
      return end;
    }
  }
}
