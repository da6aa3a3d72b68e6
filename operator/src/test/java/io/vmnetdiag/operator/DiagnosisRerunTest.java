package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PastRun;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.operator.rerun.RunNumber;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Re-runs of a finished diagnosis on the real control plane, the test playing the kubelet: the vmnetdiag.io/rerun
 * annotation, spec.schedule (the operator's clock moved by hand; a restarted operator looks again, as the wake-up
 * timer would at the real time) and spec.ttlSecondsAfterFinished. Each run gets its own capture pod and a clean run
 * state; finished runs go to status.history.
 */
@ExtendWith(ControlPlaneExtension.class)
class DiagnosisRerunTest {
  /** How long "nothing happens" is watched. */
  private static final Duration QUIET = Duration.ofSeconds(3);
  private final MutableClock clock = new MutableClock();
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;
  private String ns;
  private String captureNs;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace, "node-a", DiagnosisRerunTest::patientWithPods, clock);
    this.client = client;
    cluster = bed.cluster;
    ns = bed.ns;
    captureNs = bed.captureNs;
  }

  /**
   * The tests move the operator's clock minutes past the API server's, which stamps the capture pods' creation: a
   * startup grace of an hour keeps a pod created an instant ago from looking overdue (CaptureTimedOut).
   */
  private static OperatorSettings patientWithPods(OperatorSettings s) {
    return new OperatorSettings(s.agentImage(), s.agentCommand(), s.libvirtSocketDir(), Duration.ofHours(1),
        s.pcapHostDirectory(), s.pcapRetention(), s.pcapNodeLimitBytes(), s.watchNamespaces(), s.leaseNamespace(),
        s.healthPort(), s.captureNamespace(), s.maxCapturesPerNode(), s.policyName(), s.libvirtUris(), s.capturePod(),
        s.retry());
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  @Test
  void aNewRerunAnnotationValueRunsAgainOnceKeepsTheHistoryAndReportsTheChangedVerdict() {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis(ns, "rr-01", "node-a", "rr-01");
    // Committed with the diagnosis: acted on by the first run, not a reason for a second one.
    nd.getMetadata().getAnnotations().put(NetworkDiagnosis.RERUN_ANNOTATION, "a");
    client.resource(nd).create();
    assertThat(ArgoHealthCheck.ofServer(client, ns, "rr-01").status()).isEqualTo("Progressing");
    NetworkDiagnosis first = finishRun("rr-01", 1, NetworkDiagnosisReconcilerTest.seedReport(1));
    assertThat(first.getStatus().getRerunRequest()).isEqualTo("a");
    assertThat(first.getStatus().getHistory()).isNull();
    // A found fault is Healthy for Argo CD: the diagnosis did its job; the fault is in the message.
    assertThat(ArgoHealthCheck.ofServer(client, ns, "rr-01"))
        .isEqualTo(new ArgoHealthCheck.Health("Healthy", "GuestNotProcessingReceive at guest: "
            + TestingCluster.condition(first.getStatus(), "Ready").getMessage()));
    assertNoNewRun("rr-01", first);

    annotate("rr-01", "b");

    Pod second = cluster.awaitPod(captureNs, CapturePods.podName(ns, "rr-01", 1, 2, 1));
    NetworkDiagnosis running = cluster.awaitStatus(ns, "rr-01", s -> second.getMetadata().getUid()
        .equals(s.getCapturePodUid()));
    assertThat(running.getStatus().getVerdict()).as("a new run starts clean").isNull();
    assertThat(running.getStatus().getCompletionTime()).isNull();
    assertThat(running.getStatus().getRun()).isEqualTo(2L);
    assertThat(running.getStatus().getRerunRequest()).isEqualTo("b");
    assertThat(ArgoHealthCheck.ofServer(client, ns, "rr-01").status()).isEqualTo("Progressing");
    NetworkDiagnosis done = finishRun("rr-01", 2, healthyReport());

    assertThat(done.getStatus().getVerdict().getReason()).isEqualTo(VerdictReason.PathHealthy);
    assertThat(done.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(done.getStatus().getHistory()).singleElement().satisfies(past -> {
      assertThat(past.getRun()).isEqualTo(1L);
      assertThat(past.getGeneration()).isEqualTo(1L);
      assertThat(past.getOutcome()).isEqualTo("Diagnosed");
      assertThat(past.getVerdict()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
      assertThat(past.getCompletionTime()).isEqualTo(first.getStatus().getCompletionTime());
    });
    assertThat(ArgoHealthCheck.ofServer(client, ns, "rr-01").status()).isEqualTo("Healthy");
    assertThat(events("rr-01")).filteredOn(e -> e.getReason().equals("VerdictChanged")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Verdict changed from GuestNotProcessingReceive at"
            + " guest (run 1 of generation 1) to PathHealthy at " + done.getStatus().getVerdict().getLocation() + "."));
    assertThat(events("rr-01")).filteredOn(e -> e.getReason().equals("Rerun")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("vmnetdiag.io/rerun=b"));
    assertNoNewRun("rr-01", done);
  }

  @Test
  void aScheduledDiagnosisRunsAgainWhenDueAndKeepsItsVerdictsInTheHistory() {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis(ns, "rr-02", "node-a", "rr-02");
    nd.getSpec().setSchedule("@every 5m");
    client.resource(nd).create();
    NetworkDiagnosis first = finishRun("rr-02", 1, NetworkDiagnosisReconcilerTest.seedReport(1));

    clock.advance(Duration.ofMinutes(4));
    restartOperator();
    assertNoNewRun("rr-02", first);

    clock.advance(Duration.ofMinutes(2));
    restartOperator();
    NetworkDiagnosis second = finishRun("rr-02", 2, healthyReport());
    clock.advance(Duration.ofMinutes(6));
    restartOperator();
    NetworkDiagnosis third = finishRun("rr-02", 3, terminatedWithoutReport());

    assertThat(third.getStatus().getHistory()).extracting(PastRun::getRun, PastRun::getVerdict)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, VerdictReason.PathHealthy),
            org.assertj.core.groups.Tuple.tuple(1L, VerdictReason.GuestNotProcessingReceive));
    assertThat(third.getStatus().getVerdict()).isNull();
    assertThat(TestingCluster.condition(third.getStatus(), "Ready").getReason()).isEqualTo("AgentFailed");
    assertThat(second.getStatus().getHistory()).hasSize(1);
    // A run that ended without a verdict is Degraded until a later run reaches one.
    assertThat(ArgoHealthCheck.ofServer(client, ns, "rr-02").status()).isEqualTo("Degraded");
    assertThat(events("rr-02")).filteredOn(e -> e.getReason().equals("Rerun")).hasSize(2)
        .allSatisfy(e -> assertThat(e.getMessage()).contains("schedule @every 5m"));
  }

  @Test
  void aOneShotDiagnosisIsDeletedOnceItsTtlHasPassed() {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis(ns, "rr-03", "node-a", "rr-03");
    nd.getSpec().setTtlSecondsAfterFinished(60);
    client.resource(nd).create();
    NetworkDiagnosis done = finishRun("rr-03", 1, NetworkDiagnosisReconcilerTest.seedReport(1));

    clock.advance(Duration.ofSeconds(30));
    restartOperator();
    assertNoNewRun("rr-03", done);

    clock.advance(Duration.ofSeconds(31));
    restartOperator();
    await().atMost(Duration.ofSeconds(15)).until(() ->
        client.resources(NetworkDiagnosis.class).inNamespace(ns).withName("rr-03").get() == null);
    assertThat(events("rr-03")).filteredOn(e -> e.getReason().equals("Expired")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("ttlSecondsAfterFinished 60"));
  }

  @Test
  void anInvalidScheduleOrATtlWithAScheduleEndsTheDiagnosisWithTheReason() {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis(ns, "rr-04", "node-a", "rr-04");
    nd.getSpec().setSchedule("every 5 minutes");
    nd.getSpec().setTtlSecondsAfterFinished(60);
    client.resource(nd).create();

    NetworkDiagnosis done = cluster.awaitStatus(ns, "rr-04", s -> s.getCompletionTime() != null);
    var ready = TestingCluster.condition(done.getStatus(), "Ready");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.schedule must be a cron expression of five fields")
        .contains("spec.ttlSecondsAfterFinished applies to one-shot diagnoses only");
    assertThat(ArgoHealthCheck.ofServer(client, ns, "rr-04").status()).isEqualTo("Degraded");
    assertThat(cluster.podsOf(captureNs, done)).isEmpty();
  }

  /** Plays the kubelet for the run's pod and waits for that run's final status. */
  private NetworkDiagnosis finishRun(String name, long run, AgentReport report) {
    Pod pod = cluster.awaitPod(captureNs, CapturePods.podName(ns, name, 1, run, 1));
    cluster.awaitStatus(ns, name, s -> pod.getMetadata().getUid().equals(s.getCapturePodUid()));
    if (report == null) {
      cluster.terminate(pod, null, 137);
    } else {
      cluster.terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod, report)).terminationMessage(), 0);
    }
    NetworkDiagnosis done = cluster.awaitStatus(ns, name, s -> s.getCompletionTime() != null
        && RunNumber.of(s) == run);
    cluster.awaitNoPod(captureNs, pod.getMetadata().getName());
    return done;
  }

  /** No capture pod and an unchanged status for a while. */
  private void assertNoNewRun(String name, NetworkDiagnosis finished) {
    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> {
      NetworkDiagnosis now = client.resources(NetworkDiagnosis.class).inNamespace(ns).withName(name).get();
      return cluster.podsOf(captureNs, now).isEmpty() && sameRun(now.getStatus(), finished.getStatus());
    });
  }

  private static boolean sameRun(NetworkDiagnosisStatus a, NetworkDiagnosisStatus b) {
    return RunNumber.of(a) == RunNumber.of(b) && a.getCompletionTime().equals(b.getCompletionTime());
  }

  private void annotate(String name, String value) {
    client.resources(NetworkDiagnosis.class).inNamespace(ns).withName(name).edit(current -> {
      current.getMetadata().getAnnotations().put(NetworkDiagnosis.RERUN_ANNOTATION, value);
      return current;
    });
  }

  private void restartOperator() {
    bed.stopOperator();
    bed.startOperator();
  }

  private List<io.fabric8.kubernetes.api.model.Event> events(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  /** The seed's hops, with the guest answering every SYN: nothing is lost. */
  private static AgentReport healthyReport() {
    AgentReport report = NetworkDiagnosisReconcilerTest.seedReport(1);
    for (HopObservation hop : report.getHops()) {
      hop.getFromVm().add(PacketKind.TcpSynAck, 36);
    }
    return report;
  }

  /** The agent died: no report, the run ends without a verdict. */
  private static AgentReport terminatedWithoutReport() {
    return null;
  }
}
