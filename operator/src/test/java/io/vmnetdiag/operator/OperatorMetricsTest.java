package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.NetworkDiagnosisReconcilerTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.CaptureWindowReport;
import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.KernelDropsState;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.metrics.OperatorMetrics;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.ScrapedMetrics;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's /metrics, scraped over HTTP while the real operator drives diagnoses to their ends on the real
 * control plane: the figures move with the statuses written, and JOSDK's reconcile meters are there.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorMetricsTest {
  private OperatorMetrics metrics;
  private OperatorTestBed bed;
  private HealthServer server;
  private KubernetesClient client;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    metrics = new OperatorMetrics();
    bed = OperatorTestBed.start(controlPlane, client, namespace, metrics);
    server = new HealthServer(bed.operator(), 0, false).serveMetrics(metrics).start();
  }

  @AfterEach
  void stop() {
    server.close();
    bed.close();
    metrics.close();
  }

  @Test
  void verdictsFailuresTimesWindowsDropsAndCapturePodsAreScraped() {
    LibvirtTarget bad = new LibvirtTarget();
    bad.setNode("node-a");
    bad.setDomain("bad");
    bad.setAddress("not-an-ip");
    NetworkDiagnosis invalid = TestingCluster.libvirtDiagnosis(bed.ns, "bad-01", "node-a", "bad");
    invalid.getSpec().getTarget().setLibvirt(bad);
    client.resource(invalid).create();
    bed.cluster.awaitStatus(bed.ns, "bad-01", s -> s.getCompletionTime() != null);

    client.resource(TestingCluster.libvirtDiagnosis(bed.ns, "web-01", "node-a", "web")).create();
    Pod pod = bed.cluster.awaitCapturePod(bed.captureNs, bed.ns, "web-01", 1);
    markRunning(pod);
    await().atMost(Duration.ofSeconds(15)).until(() -> scrape().sum("vmnetdiag_capture_pods_running") == 1);

    AgentReport report = TestingCluster.echo(pod, NetworkDiagnosisReconcilerTest.seedReport(1));
    report.setWindow(window("2026-11-26T08:21:00Z", "2026-11-26T08:21:10Z"));
    report.setKernelDrops(drops(new DropReasonCount("NETFILTER_DROP", "nft_do_chain", 7)));
    bed.cluster.terminate(pod, new ReportCodec().encode(report).terminationMessage(), 0);
    NetworkDiagnosis done = bed.cluster.awaitStatus(bed.ns, "web-01", s -> s.getCompletionTime() != null);
    assertThat(condition(done.getStatus(), "Ready").getReason()).isEqualTo("Diagnosed");
    bed.cluster.awaitNoPod(bed.captureNs, pod.getMetadata().getName());

    ScrapedMetrics scraped = scrape();
    assertThat(scraped.sum("vmnetdiag_diagnosis_failures_total", Map.of("reason", "InvalidSpec"))).isEqualTo(1);
    assertThat(scraped.sum("vmnetdiag_verdicts_total", Map.of("reason", "GuestNotProcessingReceive",
        "location", done.getStatus().getVerdict().getLocation()))).isEqualTo(1);
    assertThat(scraped.sum("vmnetdiag_diagnosis_duration_seconds_count", Map.of("outcome", "failure"))).isEqualTo(1);
    assertThat(scraped.sum("vmnetdiag_diagnosis_duration_seconds_count", Map.of("outcome", "verdict"))).isEqualTo(1);
    assertThat(scraped.sum("vmnetdiag_diagnosis_duration_seconds_bucket", Map.of("outcome", "verdict", "le", "60.0")))
        .as("created and diagnosed within this test").isEqualTo(1);
    assertThat(scraped.sum("vmnetdiag_capture_window_seconds_count")).isEqualTo(1);
    assertThat(scraped.sum("vmnetdiag_capture_window_seconds_sum")).isEqualTo(10);
    assertThat(scraped.sum("vmnetdiag_kernel_drops_total", Map.of("reason", "NETFILTER_DROP", "attributed", "false")))
        .isEqualTo(7);
    assertThat(scraped.sum("vmnetdiag_capture_pods_running")).isZero();
    assertThat(scraped.sum("operator_sdk_reconciliations_started_total", Map.of("kind", "NetworkDiagnosis")))
        .isGreaterThanOrEqualTo(2);
    assertThat(scraped.sum("operator_sdk_controllers_execution_reconcile_seconds_count")).isGreaterThanOrEqualTo(2);
    assertThat(scraped.text()).as("no diagnosis name becomes a label").doesNotContain("web-01", "bad-01");

  }

  private ScrapedMetrics scrape() {
    return ScrapedMetrics.scrape(server.port());
  }

  private void markRunning(Pod pod) {
    Pod fresh = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
    fresh.setStatus(new PodStatusBuilder().withPhase("Running").build());
    client.resource(fresh).updateStatus();
  }

  private static CaptureWindowReport window(String start, String end) {
    CaptureWindowReport window = new CaptureWindowReport();
    window.setStart(start);
    window.setEnd(end);
    window.setPlannedSeconds(10);
    return window;
  }

  private static KernelDrops drops(DropReasonCount... counts) {
    KernelDrops drops = new KernelDrops();
    drops.setState(KernelDropsState.Counted);
    drops.setEvents(List.of(counts).stream().mapToLong(DropReasonCount::getCount).sum());
    drops.setUnattributed(List.of(counts));
    return drops;
  }
}
