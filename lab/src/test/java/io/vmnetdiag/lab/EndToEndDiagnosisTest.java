package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.LabTimes;
import io.vmnetdiag.testkit.ScrapedMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path for real: a CR goes into the real API server (testkit/controlplane), the operator schedules a capture pod, the lab
 * kubelet runs the agent in the lab node's network namespace, the agent resolves the path with libvirt-java
 * and captures with pcap4j on the real uplink, bridge and tap, and the verdict comes back into the status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@LabScenarioTest
class EndToEndDiagnosisTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static LabScenario lab;

  @BeforeAll
  static void buildLab() {
    lab = LabTimes.up(EndToEndDiagnosisTest.class, LabScenario::start);
  }

  @AfterAll
  static void tearDown() {
    LabTimes.down(EndToEndDiagnosisTest.class, lab, down -> null);
  }

  @Test
  @Order(1)
  void wedgedGuestNicIsFoundAtTheGuest() throws Exception {
    lab.topology().injectGuestReceiveFault();

    NetworkDiagnosis done = lab.diagnose(lab.defaultDiagnosis("seed-case"), TIMEOUT);

    var status = done.getStatus();
    assertThat(ready(done).getStatus()).as(lab.asYaml(done)).isEqualTo("True");
    assertThat(status.getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(status.getVerdict().getLocation()).isEqualTo("guest");
    String tap = lab.topology().tap();
    assertThat(String.join("\n", status.getVerdict().getEvidence()))
        .contains(tap)
        .contains("ARP, Request who-has " + lab.topology().gatewayAddress() + " tell " + lab.topology().guestAddress());
    assertThat(status.getPath().getHops()).extracting("interfaceName")
        .containsExactly(lab.topology().uplink(), lab.topology().bridge(), tap);
    assertThat(status.getPath().getVmMac()).isEqualToIgnoringCase(lab.topology().guestMac());
    assertThat(status.getPath().getAddressSource()).isEqualTo(AddressSource.Spec);
    HopObservation tapHop = hop(done, HopRole.Tap);
    assertThat(tapHop.getToVm().getTcpSyn()).isPositive();
    assertThat(tapHop.getToVm().getArpReply()).isPositive();
    assertThat(tapHop.getFromVm().getArpRequest()).isPositive();
    assertThat(tapHop.getFromVm().replies()).isZero();
    assertThat(tapHop.getCapture().getDroppedByKernel()).isZero();
    assertThat(status.getPcap().getNode()).isEqualTo(LabScenario.NODE);
    assertThat(tapHop.getPcapFiles()).isNotEmpty();
    Path tapPcap = Path.of(status.getPcap().getDirectory(), tapHop.getPcapFiles().get(0).getName());
    // The file holds exactly what the hop counted in the window, and tcpdump prints the quoted samples alike.
    List<String> pcapLines = tcpdumpRead(tapPcap);
    assertThat(pcapLines).as(lab.asYaml(done)).hasSize((int) tapHop.getCapture().getCaptured());
    assertThat(pcapLines).containsAll(tapHop.getSamples().stream().map(PacketSample::getText).toList());
    assertThat(status.getCapturePod()).isNull();
    assertThat(lab.client().pods().inNamespace(lab.captureNamespace()).list().getItems()).isEmpty();
  }

  @Test
  @Order(2)
  void healedGuestGivesAHealthyPathEvenWithoutKnowingItsAddress() {
    lab.topology().heal();
    NetworkDiagnosis nd = lab.defaultDiagnosis("after-heal");
    nd.getSpec().getTarget().getLibvirt().setAddress(null);

    NetworkDiagnosis done = lab.diagnose(nd, TIMEOUT);

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    assertThat(ready(done).getStatus()).isEqualTo("True");
    assertThat(hop(done, HopRole.Uplink).getFromVm().replies()).isPositive();
  }

  @Test
  @Order(3)
  void aCaptureWritingPcapFilesFirstPrunesTheNodesRunsPastTheirRetention() throws Exception {
    NetworkDiagnosis first = lab.diagnose(lab.defaultDiagnosis("pcap-first"), TIMEOUT);
    Path root = Path.of(first.getStatus().getPcap().getDirectory()).getParent().getParent().getParent();
    Path expired = Files.createDirectories(root.resolve(lab.namespace()).resolve("long-gone").resolve("g1"));
    Files.write(expired.resolve("tap-vnet9.0.pcap"), new byte[2048]);
    FileTime fiveDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(5)));
    Files.setLastModifiedTime(expired.resolve("tap-vnet9.0.pcap"), fiveDaysAgo);
    Files.setLastModifiedTime(expired, fiveDaysAgo);

    NetworkDiagnosis next = lab.diagnose(lab.defaultDiagnosis("pcap-next"), TIMEOUT);

    assertThat(next.getStatus().getPcap().getPrunedRuns()).as(lab.asYaml(next)).isEqualTo(1);
    assertThat(next.getStatus().getPcap().getPrunedBytes()).isEqualTo(2048);
    assertThat(next.getStatus().getPcap().getNotWritten()).isNull();
    assertThat(expired.getParent()).doesNotExist();
    assertThat(Path.of(first.getStatus().getPcap().getDirectory())).isDirectory();
    assertThat(hop(next, HopRole.Tap).getPcapFiles()).isNotEmpty();
  }

  @Test
  @Order(4)
  void theOperatorsMetricsCountEachVerdictWithItsLocationTimeAndCaptureWindow() {
    List<NetworkDiagnosis> diagnosed = lab.client().resources(NetworkDiagnosis.class).inNamespace(lab.namespace())
        .list().getItems().stream().filter(nd -> nd.getStatus() != null && nd.getStatus().getVerdict() != null).toList();
    assertThat(diagnosed).as("the tests above reached verdicts").isNotEmpty();

    ScrapedMetrics scraped = ScrapedMetrics.scrape(lab.metricsPort());

    for (NetworkDiagnosis nd : diagnosed) {
      var verdict = nd.getStatus().getVerdict();
      long same = diagnosed.stream().filter(other -> other.getStatus().getVerdict().getReason() == verdict.getReason()
          && Objects.equals(other.getStatus().getVerdict().getLocation(), verdict.getLocation())).count();
      assertThat(scraped.sum("vmnetdiag_verdicts_total", Map.of("reason", verdict.getReason().name(),
          "location", verdict.getLocation() == null ? "none" : verdict.getLocation()))).as(lab.asYaml(nd))
          .isEqualTo(same);
    }
    assertThat(scraped.sum("vmnetdiag_verdicts_total")).isEqualTo(diagnosed.size());
    assertThat(scraped.sum("vmnetdiag_diagnosis_duration_seconds_count", Map.of("outcome", "verdict")))
        .isEqualTo(diagnosed.size());
    // The real agent's windows: each verdict ran one.
    assertThat(scraped.sum("vmnetdiag_capture_window_seconds_count")).isEqualTo(diagnosed.size());
    assertThat(scraped.sum("vmnetdiag_capture_window_seconds_sum")).isPositive();
    assertThat(scraped.sum("operator_sdk_reconciliations_started_total")).isGreaterThanOrEqualTo(diagnosed.size());
    assertThat(scraped.sum("vmnetdiag_capture_pods_running")).isZero();
  }

  /** The packet lines tcpdump itself reads from a pcap file the agent wrote, times in UTC as samples print them. */
  private static List<String> tcpdumpRead(Path file) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("tcpdump", "-nn", "-r", file.toString());
    builder.environment().put("TZ", "UTC");
    Process tcpdump = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(tcpdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tcpdump.waitFor()).as(out).isZero();
    return out.lines().toList();
  }

  private static HopObservation hop(NetworkDiagnosis nd, HopRole role) {
    return nd.getStatus().getHops().stream().filter(h -> h.getRole() == role).findFirst().orElseThrow();
  }

  private static DiagnosisCondition ready(NetworkDiagnosis nd) {
    return nd.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
  }
}
