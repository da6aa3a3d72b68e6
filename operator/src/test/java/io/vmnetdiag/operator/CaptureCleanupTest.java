package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deleting a diagnosis removes its capture pod in the capture namespace (owner references cannot cross
 * namespaces, so the operator's finalizer does it), and a node that is gone never keeps a diagnosis from going.
 */
@ExtendWith(ControlPlaneExtension.class)
class CaptureCleanupTest {
  private final MutableClock clock = new MutableClock();
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;
  private String captureNs;
  private String ns;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace, "node-a", s -> s, clock);
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
  void deletingADiagnosisMidCaptureRemovesItsPodInTheCaptureNamespace() {
    NetworkDiagnosis nd = client.resource(TestingCluster.libvirtDiagnosis(ns, "web-01", "node-a", "web-01")).create();
    Pod pod = cluster.awaitCapturePod(captureNs, ns, "web-01", 1);
    assertThat(client.resource(nd).get().getMetadata().getFinalizers()).isNotEmpty();

    client.resource(nd).delete();

    cluster.awaitNoPod(captureNs, pod.getMetadata().getName());
    awaitGone("web-01");
  }

  @Test
  void finalizerHoldsTheDiagnosisUntilTheOperatorHasRemovedItsPod() {
    NetworkDiagnosis nd = client.resource(TestingCluster.libvirtDiagnosis(ns, "web-02", "node-a", "web-02")).create();
    Pod pod = cluster.awaitCapturePod(captureNs, ns, "web-02", 1);
    bed.stopOperator();

    client.resource(nd).delete();
    NetworkDiagnosis deleting = client.resource(nd).get();
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(client.pods().inNamespace(captureNs).withName(pod.getMetadata().getName()).get())
        .as("nothing but the operator removes the pod").isNotNull();

    bed.startOperator();
    cluster.awaitNoPod(captureNs, pod.getMetadata().getName());
    awaitGone("web-02");
  }

  @Test
  void podOfAVanishedNodeIsForceDeletedSoTheDiagnosisGoes() {
    // No kubelet answers for node-gone: a graceful delete of its pod never completes.
    cluster.bareNode("node-gone");
    NetworkDiagnosis nd = client.resource(TestingCluster.libvirtDiagnosis(ns, "web-03", "node-gone", "web-03")).create();
    Pod pod = cluster.awaitCapturePod(captureNs, ns, "web-03", 1);

    client.resource(nd).delete();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(captureNs)
        .withName(pod.getMetadata().getName()).get().getMetadata().getDeletionTimestamp() != null);
    assertThat(client.resource(nd).get()).as("held by the finalizer while the pod terminates").isNotNull();

    // Past the grace period and the kubelet's slack, the operator's next look forces the pod out.
    clock.advance(Duration.ofMinutes(1));
    cluster.awaitNoPod(captureNs, pod.getMetadata().getName());
    awaitGone("web-03");
    client.nodes().withName("node-gone").delete();
  }

  private void awaitGone(String name) {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> client.resources(NetworkDiagnosis.class).inNamespace(ns).withName(name).get() == null);
  }

}
