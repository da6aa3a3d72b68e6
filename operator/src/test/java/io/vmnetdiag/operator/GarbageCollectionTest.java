package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import io.vmnetdiag.testkit.TestingNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deleting a diagnosis removes its capture pod through the owner reference, by the control plane's
 * garbage collector alone: the operator is stopped before the delete, so nothing else can do it.
 */
@ExtendWith(ControlPlaneExtension.class)
class GarbageCollectionTest {

  @Test
  void deletedDiagnosisTakesItsCapturePodAlong(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    try (TestingNode node = new TestingNode(controlPlane, client, "node-a")) {
      Operator operator = VmnetdiagOperator.create(client, OperatorSettings.defaults());
      operator.start();
      NetworkDiagnosis nd = client.resource(TestingCluster.libvirtDiagnosis(ns, "web-01", node.name(), "web-01")).create();
      Pod pod = new TestingCluster(client).awaitPod(ns, "nd-web-01-g1");
      operator.stop();

      var owner = pod.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getUid()).isEqualTo(nd.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
      client.resource(nd).delete();

      await().atMost(Duration.ofSeconds(30))
          .until(() -> client.pods().inNamespace(ns).withName("nd-web-01-g1").get() == null);
    }
  }
}
