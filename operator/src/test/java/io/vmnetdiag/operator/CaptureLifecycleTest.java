package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.NetworkDiagnosisReconcilerTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;

/** What happens around a capture: restarts, spec changes, pods that never run, pcap settings. */
@ExtendWith(ControlPlaneExtension.class)
class CaptureLifecycleTest {
  private String ns;
  private String captureNs;
  private final MutableClock clock = new MutableClock();
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace, "node-a",
        s -> OperatorSettings.fromEnvironment(java.util.Map.of("VMNETDIAG_AGENT_IMAGE", "img",
            "VMNETDIAG_STARTUP_GRACE_SECONDS", "60", "VMNETDIAG_CAPTURE_NAMESPACE", namespace.name())), clock);
    this.client = client;
    cluster = bed.cluster;
    captureNs = bed.captureNs;
    ns = bed.ns;
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  @Test
  void restartedOperatorFinishesTheCaptureItStarted() {
    client.resource(diagnosis("web-01")).create();
    Pod pod = awaitPod("web-01", 1);
    bed.stopOperator();

    terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod, NetworkDiagnosisReconcilerTest.seedReport(1))).terminationMessage());
    bed.startOperator();

    NetworkDiagnosis done = awaitStatus("web-01", s -> s.getCompletionTime() != null);
    assertThat(done.getStatus().getVerdict().getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    cluster.awaitNoPod(captureNs, pod.getMetadata().getName());
  }

  @Test
  void changedSpecReplacesTheRunningCapture() {
    client.resource(diagnosis("web-02")).create();
    Pod first = awaitPod("web-02", 1);
    // Edited once the operator has recorded the run, so the edit does not race its status write (409).
    awaitStatus("web-02", s -> first.getMetadata().getUid().equals(s.getCapturePodUid()));

    client.resources(NetworkDiagnosis.class).inNamespace(ns).withName("web-02").edit(current -> {
      current.getSpec().getCapture().setDuration("20s");
      return current;
    });

    Pod second = awaitPod("web-02", 2);
    cluster.awaitNoPod(captureNs, first.getMetadata().getName());
    NetworkDiagnosis next = awaitStatus("web-02", s -> second.getMetadata().getName().equals(s.getCapturePod()));
    assertThat(next.getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(condition(next.getStatus(), "Ready").getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void podThatNeverRunsTimesOutWithAClearMessage() {
    client.resource(diagnosis("web-03")).create();
    Pod pod = awaitPod("web-03", 1);
    awaitStatus("web-03", s -> pod.getMetadata().getName().equals(s.getCapturePod()));

    clock.advance(Duration.ofMinutes(5));
    client.pods().inNamespace(captureNs).withName(pod.getMetadata().getName()).edit(p -> { // any pod event wakes the reconciler
      p.getMetadata().getLabels().put("poke", "1");
      return p;
    });

    NetworkDiagnosis done = awaitStatus("web-03", s -> s.getCompletionTime() != null);
    var captured = condition(done.getStatus(), "Captured");
    assertThat(captured.getReason()).isEqualTo("CaptureTimedOut");
    assertThat(captured.getMessage()).contains("node-a");
    cluster.awaitNoPod(captureNs, pod.getMetadata().getName());
  }

  @Test
  void pcapExportMountsTheNodesPcapRootForPruningAndTheStatusNamesItsOwnDirectory() {
    NetworkDiagnosis nd = diagnosis("web-04");
    nd.getSpec().getCapture().getPcap().setEnabled(true);
    client.resource(nd).create();
    Pod pod = awaitPod("web-04", 1);

    String root = "/var/lib/vmnetdiag/captures";
    String dir = root + "/" + ns + "/web-04/g1";
    assertThat(pod.getSpec().getVolumes()).filteredOn(v -> "pcap".equals(v.getName())).singleElement().satisfies(v -> {
      assertThat(v.getHostPath().getPath()).isEqualTo(root);
      assertThat(v.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
    });
    assertThat(pod.getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> assertThat(e.getValue()).contains("\"pcapDirectory\":\"" + dir + "\"")
            .contains("\"pcapRoot\":\"" + root + "\""));

    terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod, NetworkDiagnosisReconcilerTest.seedReport(1))).terminationMessage());
    NetworkDiagnosis done = awaitStatus("web-04", s -> s.getCompletionTime() != null);
    assertThat(done.getStatus().getPcap().getDirectory()).isEqualTo(dir);
    assertThat(done.getStatus().getPcap().getNode()).isEqualTo("node-a");
  }


  private Pod awaitPod(String name, long generation) {
    return cluster.awaitCapturePod(captureNs, ns, name, generation);
  }

  private NetworkDiagnosis awaitStatus(String name, Predicate<NetworkDiagnosisStatus> done) {
    return cluster.awaitStatus(ns, name, done);
  }

  private void terminate(Pod pod, String message) {
    cluster.terminate(pod, message, 0);
  }

  private NetworkDiagnosis diagnosis(String name) {
    return TestingCluster.libvirtDiagnosis(ns, name, "node-a", name);
  }
}
