package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.NetworkDiagnosisReconcilerTest.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Capture slots: at most N capture pods per node and one per VM; the others wait with reason Queued and start on
 * their own when a capture ends.
 */
@ExtendWith(ControlPlaneExtension.class)
class CaptureQueueTest {
  private static final int PER_NODE = 2;
  /** A node of this test alone, so no other test's pod takes a slot. */
  private static final String NODE = "node-q";
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;
  private String captureNs;
  private String ns;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace, NODE,
        s -> s.withMaxCapturesPerNode(PER_NODE), Clock.systemUTC());
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
  void nodeRunsAtMostNCapturesAndEachVmOneTheRestQueueAndStartWhenASlotFrees() {
    create("first", "vm-1");
    create("second", "vm-2");
    Pod first = cluster.awaitCapturePod(captureNs, ns, "first", 1);
    Pod second = cluster.awaitCapturePod(captureNs, ns, "second", 1);

    create("third", "vm-3");   // node full
    create("again", "vm-1");   // VM busy
    NetworkDiagnosis third = cluster.awaitStatus(ns, "third", s -> TestingCluster.reasonIs(s, "Ready", "Queued"));
    NetworkDiagnosis again = cluster.awaitStatus(ns, "again", s -> TestingCluster.reasonIs(s, "Ready", "Queued"));
    assertThat(condition(third.getStatus(), "Captured").getMessage())
        .contains("Node " + NODE + " runs 2 capture pods, its limit of " + PER_NODE);
    assertThat(condition(again.getStatus(), "Captured").getMessage())
        .contains("VM vm-1 on node " + NODE, ns + "/first");
    assertThat(third.getStatus().getCapturePod()).isNull();
    assertThat(capturePodsOnTheNode()).hasSize(PER_NODE);

    // The second capture ends: its slot goes to the third diagnosis; the one for vm-1 still waits for the first.
    finish(second);
    Pod thirdPod = cluster.awaitCapturePod(captureNs, ns, "third", 1);
    assertThat(thirdPod.getSpec().getNodeName()).isEqualTo(NODE);
    assertThat(condition(client.resources(NetworkDiagnosis.class).inNamespace(ns).withName("again").get().getStatus(),
        "Ready").getReason()).isEqualTo("Queued");

    finish(first);
    Pod againPod = cluster.awaitCapturePod(captureNs, ns, "again", 1);
    assertThat(againPod.getMetadata().getLabels().get(CapturePods.LABEL_VM))
        .isEqualTo(first.getMetadata().getLabels().get(CapturePods.LABEL_VM));
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> "again".equals(e.getInvolvedObject().getName()) && "Queued".equals(e.getReason()))
        .as("queued once, however often it was looked at").hasSize(1);
  }

  private List<Pod> capturePodsOnTheNode() {
    return client.pods().inNamespace(captureNs).withLabelSelector(CapturePods.SELECTOR).list().getItems().stream()
        .filter(p -> NODE.equals(p.getSpec().getNodeName())).toList();
  }

  private void create(String name, String domain) {
    client.resource(TestingCluster.libvirtDiagnosis(ns, name, NODE, domain)).create();
  }

  private void finish(Pod pod) {
    cluster.terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod,
        NetworkDiagnosisReconcilerTest.seedReport(1))).terminationMessage(), 0);
  }
}
