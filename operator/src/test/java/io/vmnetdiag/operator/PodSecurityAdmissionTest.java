package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.NetworkDiagnosisReconcilerTest.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pod Security admission on the real server: capture pods (hostNetwork, NET_RAW and NET_ADMIN, the libvirt
 * socket as a hostPath) are admitted where the README says to put diagnoses, a namespace labelled
 * {@code pod-security.kubernetes.io/enforce=privileged}, and rejected under baseline or restricted, where the
 * diagnosis ends with a condition that says why and what to do, once, without a retry loop.
 */
@ExtendWith(ControlPlaneExtension.class)
class PodSecurityAdmissionTest {
  private KubernetesClient client;
  private TestingCluster cluster;
  private Operator operator;
  private String privileged;
  private String confined;

  @BeforeEach
  void start(KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    this.cluster = new TestingCluster(client);
    this.privileged = namespace.name();
    this.confined = namespace.name() + "-confined";
    operator = VmnetdiagOperator.create(client, OperatorSettings.defaults());
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    client.namespaces().withName(confined).delete();
  }

  @Test
  void capturePodIsAdmittedInANamespaceLabelledPrivileged() {
    assertThat(client.namespaces().withName(privileged).get().getMetadata().getLabels())
        .containsEntry(ControlPlaneExtension.POD_SECURITY_ENFORCE, "privileged");
    client.resource(TestingCluster.libvirtDiagnosis(privileged, "web-01", "node-a", "web-01")).create();

    assertThat(cluster.awaitPod(privileged, "nd-web-01-g1").getSpec().getHostNetwork()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"baseline", "restricted"})
  void capturePodRejectedByPodSecurityEndsTheDiagnosisWithAClearCondition(String level) throws Exception {
    confined = confined + "-" + level;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(confined)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, level).endMetadata().build()).create();
    client.resource(TestingCluster.libvirtDiagnosis(confined, "web-02", "node-a", "web-02")).create();

    NetworkDiagnosis done = cluster.awaitStatus(confined, "web-02", s -> s.getCompletionTime() != null);

    var captured = condition(done.getStatus(), "Captured");
    assertThat(captured.getStatus()).isEqualTo("False");
    assertThat(captured.getReason()).isEqualTo("CapturePodRejected");
    assertThat(captured.getMessage())
        .contains("violates PodSecurity \"" + level + ":latest\"", "hostNetwork=true",
            "pod-security.kubernetes.io/enforce=privileged", confined);
    assertThat(condition(done.getStatus(), "Ready").getReason()).isEqualTo("CapturePodRejected");
    assertThat(client.pods().inNamespace(confined).list().getItems()).isEmpty();
    // Final, not retried: the status and the one warning event stay as they are.
    Thread.sleep(Duration.ofSeconds(3).toMillis());
    NetworkDiagnosis later = client.resources(NetworkDiagnosis.class).inNamespace(confined).withName("web-02").get();
    assertThat(later.getMetadata().getResourceVersion()).isEqualTo(done.getMetadata().getResourceVersion());
    assertThat(client.v1().events().inNamespace(confined).list().getItems())
        .filteredOn(e -> "CaptureFailed".equals(e.getReason()))
        .singleElement().satisfies(e -> assertThat(e.getCount()).isIn(null, 1));
  }
}
