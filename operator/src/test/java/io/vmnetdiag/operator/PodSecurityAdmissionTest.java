package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.NetworkDiagnosisReconcilerTest.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestingNode;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pod Security admission on the real server: capture pods (hostNetwork, NET_RAW and NET_ADMIN, the libvirt socket
 * as a hostPath) run in the capture namespace, which the chart labels
 * {@code pod-security.kubernetes.io/enforce=privileged}, while the tenant's namespace stays restricted. A capture
 * namespace that is not privileged ends the diagnosis with a condition telling the administrator what to fix, once,
 * without a retry loop.
 */
@ExtendWith(ControlPlaneExtension.class)
class PodSecurityAdmissionTest {
  private KubernetesClient client;
  private TestingCluster cluster;
  private Operator operator;
  private String privileged;
  private String tenant;
  private String confined;
  private TestingNode node;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    this.node = new TestingNode(controlPlane, client, "node-a");
    this.cluster = new TestingCluster(client);
    this.privileged = namespace.name();
    this.tenant = cluster.tenantNamespace(privileged, "vms");
  }

  @AfterEach
  void stop() {
    cluster.close();
    operator.stop();
    node.close();
    if (confined != null) {
      client.namespaces().withName(confined).delete();
    }
  }

  @Test
  void diagnosisInARestrictedTenantNamespaceGetsItsPodInThePrivilegedCaptureNamespace() {
    startOperator(privileged);
    assertThat(client.namespaces().withName(tenant).get().getMetadata().getLabels())
        .containsEntry(ControlPlaneExtension.POD_SECURITY_ENFORCE, "restricted");
    client.resource(TestingCluster.libvirtDiagnosis(tenant, "web-01", "node-a", "web-01")).create();

    assertThat(cluster.awaitCapturePod(privileged, tenant, "web-01", 1).getSpec().getHostNetwork()).isTrue();
    assertThat(client.pods().inNamespace(tenant).list().getItems()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"baseline", "restricted"})
  void captureNamespaceThatIsNotPrivilegedEndsTheDiagnosisWithAClearCondition(String level) throws Exception {
    confined = privileged + "-cap-" + level;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(confined)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, level).endMetadata().build()).create();
    startOperator(confined);
    client.resource(TestingCluster.libvirtDiagnosis(tenant, "web-02", "node-a", "web-02")).create();

    NetworkDiagnosis done = cluster.awaitStatus(tenant, "web-02", s -> s.getCompletionTime() != null);

    var captured = condition(done.getStatus(), "Captured");
    assertThat(captured.getStatus()).isEqualTo("False");
    assertThat(captured.getReason()).isEqualTo("CapturePodRejected");
    assertThat(captured.getMessage())
        .contains("violates PodSecurity \"" + level + ":latest\"", "hostNetwork=true",
            "capture namespace " + confined, "administrator", "pod-security.kubernetes.io/enforce=privileged");
    assertThat(captured.getMessage()).as("the tenant's namespace is not what needs changing").doesNotContain(tenant);
    assertThat(condition(done.getStatus(), "Ready").getReason()).isEqualTo("CapturePodRejected");
    assertThat(client.pods().inNamespace(confined).list().getItems()).isEmpty();
    // Final, not retried: the status and the one warning event stay as they are.
    Thread.sleep(Duration.ofSeconds(3).toMillis());
    NetworkDiagnosis later = client.resources(NetworkDiagnosis.class).inNamespace(tenant).withName("web-02").get();
    assertThat(later.getMetadata().getResourceVersion()).isEqualTo(done.getMetadata().getResourceVersion());
    assertThat(client.v1().events().inNamespace(tenant).list().getItems())
        .filteredOn(e -> "CaptureFailed".equals(e.getReason()))
        .singleElement().satisfies(e -> assertThat(e.getCount()).isIn(null, 1));
  }

  private void startOperator(String captureNamespace) {
    operator = VmnetdiagOperator.create(client, OperatorSettings.defaults().withCaptureNamespace(captureNamespace));
    operator.start();
  }
}
