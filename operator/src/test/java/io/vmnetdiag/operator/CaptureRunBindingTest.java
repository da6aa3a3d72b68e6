package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.NetworkDiagnosisReconcilerTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.report.RunBinding;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A report counts only when it comes from the pod the operator created for this run (its UID, recorded in the
 * status) and echoes this run's nonce, diagnosis UID and generation. Pods the operator did not create are never
 * adopted: the diagnosis ends final and the pod is deleted.
 */
@ExtendWith(ControlPlaneExtension.class)
class CaptureRunBindingTest {
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;
  private String captureNs;
  private String ns;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace);
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
  void preCreatedPodWithTheExpectedNameIsNeverAdopted() {
    String name = CapturePods.podName(ns, "web-01", 1);
    Pod squatter = client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(captureNs)
        .endMetadata().withNewSpec().withNodeName("node-a").addNewContainer().withName("agent").withImage("img")
        .endContainer().endSpec().build()).create();

    client.resource(TestingCluster.libvirtDiagnosis(ns, "web-01", "node-a", "web-01")).create();

    NetworkDiagnosis done = cluster.awaitStatus(ns, "web-01", s -> s.getCompletionTime() != null);
    var captured = condition(done.getStatus(), "Captured");
    assertThat(captured.getReason()).isEqualTo("CapturePodNotOurs");
    assertThat(captured.getMessage()).contains(name, "already existed", "never adopted");
    assertThat(done.getStatus().getVerdict()).isNull();
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      Pod now = client.pods().inNamespace(captureNs).withName(name).get();
      return now == null || !squatter.getMetadata().getUid().equals(now.getMetadata().getUid());
    });
  }

  @Test
  void podReplacedUnderTheSameNameIsRejectedEvenWithTheRightNonce() {
    client.resource(TestingCluster.libvirtDiagnosis(ns, "web-02", "node-a", "web-02")).create();
    Pod ours = cluster.awaitCapturePod(captureNs, ns, "web-02", 1);
    cluster.awaitStatus(ns, "web-02", s -> ours.getMetadata().getUid().equals(s.getCapturePodUid()));
    bed.stopOperator();

    // Someone with pod rights in the capture namespace swaps the pod for a copy: same name, labels, annotations and
    // request (nonce included, as a tenant can read it in the status), and a report that echoes the run.
    client.pods().inNamespace(captureNs).withName(ours.getMetadata().getName()).withGracePeriod(0).delete();
    cluster.awaitNoPod(captureNs, ours.getMetadata().getName());
    Pod copy = client.resource(new PodBuilder().withNewMetadata().withName(ours.getMetadata().getName())
        .withNamespace(captureNs).withLabels(ours.getMetadata().getLabels())
        .withAnnotations(ours.getMetadata().getAnnotations()).endMetadata()
        .withSpec(ours.getSpec()).build()).create();
    cluster.terminate(copy, new ReportCodec().encode(TestingCluster.echo(copy,
        NetworkDiagnosisReconcilerTest.seedReport(1))).terminationMessage(), 0);
    bed.startOperator();

    NetworkDiagnosis done = cluster.awaitStatus(ns, "web-02", s -> s.getCompletionTime() != null);
    var captured = condition(done.getStatus(), "Captured");
    assertThat(captured.getReason()).isEqualTo("CapturePodNotOurs");
    assertThat(captured.getMessage()).contains(copy.getMetadata().getUid(), ours.getMetadata().getUid());
    assertThat(done.getStatus().getVerdict()).as("the copy's report is not used").isNull();
    cluster.awaitNoPod(captureNs, copy.getMetadata().getName());
  }

  @Test
  void operatorStoppedBeforeRecordingItsPodsUidRecognisesThePodByItsNonce() {
    client.resource(TestingCluster.libvirtDiagnosis(ns, "web-05", "node-a", "web-05")).create();
    Pod pod = cluster.awaitCapturePod(captureNs, ns, "web-05", 1);
    cluster.awaitStatus(ns, "web-05", s -> pod.getMetadata().getUid().equals(s.getCapturePodUid()));
    bed.stopOperator();
    // As if the operator had stopped between creating the pod and recording it: only the nonce is in the status.
    client.resources(NetworkDiagnosis.class).inNamespace(ns).withName("web-05").editStatus(nd -> {
      nd.getStatus().setCapturePodUid(null);
      return nd;
    });

    bed.startOperator();
    cluster.awaitStatus(ns, "web-05", s -> pod.getMetadata().getUid().equals(s.getCapturePodUid()));
    cluster.terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod,
        NetworkDiagnosisReconcilerTest.seedReport(1))).terminationMessage(), 0);

    NetworkDiagnosis done = cluster.awaitStatus(ns, "web-05", s -> s.getCompletionTime() != null);
    assertThat(done.getStatus().getVerdict()).as(client.getKubernetesSerialization().asYaml(done.getStatus()))
        .isNotNull();
    cluster.awaitNoPod(captureNs, pod.getMetadata().getName());
  }

  @Test
  void reportWithoutThisRunsNonceIsRejected() {
    client.resource(TestingCluster.libvirtDiagnosis(ns, "web-03", "node-a", "web-03")).create();
    Pod pod = cluster.awaitCapturePod(captureNs, ns, "web-03", 1);
    AgentReport report = TestingCluster.echo(pod, NetworkDiagnosisReconcilerTest.seedReport(1));
    RunBinding run = report.getRun();
    report.setRun(new RunBinding("00112233445566778899aabbccddeeff", run.getDiagnosisUid(), run.getGeneration()));

    cluster.terminate(pod, new ReportCodec().encode(report).terminationMessage(), 0);

    NetworkDiagnosis done = cluster.awaitStatus(ns, "web-03", s -> s.getCompletionTime() != null);
    var captured = condition(done.getStatus(), "Captured");
    assertThat(captured.getReason()).isEqualTo("ReportRejected");
    assertThat(captured.getMessage()).contains("nonce");
    assertThat(done.getStatus().getVerdict()).isNull();
    assertThat(condition(done.getStatus(), "Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void reportOfAnotherGenerationIsRejected() {
    client.resource(TestingCluster.libvirtDiagnosis(ns, "web-04", "node-a", "web-04")).create();
    Pod pod = cluster.awaitCapturePod(captureNs, ns, "web-04", 1);
    AgentReport report = TestingCluster.echo(pod, NetworkDiagnosisReconcilerTest.seedReport(1));
    report.getRun().setGeneration(7);

    cluster.terminate(pod, new ReportCodec().encode(report).terminationMessage(), 0);

    NetworkDiagnosis done = cluster.awaitStatus(ns, "web-04", s -> s.getCompletionTime() != null);
    assertThat(condition(done.getStatus(), "Captured").getReason()).isEqualTo("ReportRejected");
    assertThat(condition(done.getStatus(), "Captured").getMessage()).contains("generation 7, not 1");
  }

}
