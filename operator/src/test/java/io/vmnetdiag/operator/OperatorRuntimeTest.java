package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.capture.CapturePods;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import org.junit.jupiter.api.extension.ExtendWith;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the operator runs in a cluster: health endpoints, the namespaces it serves, its leader lease. */
@ExtendWith(ControlPlaneExtension.class)
class OperatorRuntimeTest {
  private KubernetesClient client;
  private String ns;
  /** The diagnoses' node: the operator starts no capture on a node that does not exist. */
  private static final String NODE = "node-rt";
  private String other;
  private Operator operator;
  private HealthServer health;

  @BeforeEach
  void startApi(KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    this.ns = namespace.name();
    this.other = ns + "-other";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build()).create();
    new TestingCluster(client).bareNode(NODE);
  }

  @AfterEach
  void stop() {
    try {
      removeDiagnoses();
    } finally {
      if (health != null) {
        health.close();
      }
      if (operator != null) {
        operator.stop();
      }
      client.namespaces().withName(other).delete();
      client.nodes().withName(NODE).delete();
    }
  }

  /**
   * Deletes this test's diagnoses while its operator runs (its finalizer lets them go), then strips the finalizer of
   * any left: a diagnosis left in a terminating namespace would hold a capture slot for every later test's operator.
   */
  private void removeDiagnoses() {
    List<String> namespaces = List.of(ns, other);
    namespaces.forEach(n -> client.resources(NetworkDiagnosis.class).inNamespace(n).delete());
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> namespaces.stream()
          .allMatch(n -> client.resources(NetworkDiagnosis.class).inNamespace(n).list().getItems().isEmpty()));
    } catch (ConditionTimeoutException e) {
      namespaces.forEach(n -> client.resources(NetworkDiagnosis.class).inNamespace(n).list().getItems()
          .forEach(nd -> client.resource(nd).edit(current -> {
            current.getMetadata().setFinalizers(List.of());
            return current;
          })));
    }
  }

  @Test
  void readinessFollowsTheOperatorsStart() throws Exception {
    operator = VmnetdiagOperator.create(client, OperatorSettings.defaults());
    health = new HealthServer(operator, 0, false).start();

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    operator.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> get("/readyz").statusCode() == 200);
  }

  @Test
  void standbyWaitingForTheLeaseIsReady() throws Exception {
    operator = VmnetdiagOperator.create(client, OperatorSettings.defaults());
    health = new HealthServer(operator, 0, true).start();

    HttpResponse<String> readiness = get("/readyz");
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("standby");
  }

  @Test
  void onlyTheWatchedNamespacesAreServed() {
    operator = VmnetdiagOperator.create(client, OperatorSettings.fromEnvironment(
        Map.of("VMNETDIAG_WATCH_NAMESPACES", ns, "VMNETDIAG_CAPTURE_NAMESPACE", ns)));
    operator.start();

    client.resource(diagnosis(other, "web-01")).create();
    client.resource(diagnosis(ns, "web-02")).create();

    await().atMost(Duration.ofSeconds(10))
        .until(() -> client.pods().inNamespace(ns).withName(CapturePods.podName(ns, "web-02", 1)).get() != null);
    assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(1);
    var unserved = client.resources(NetworkDiagnosis.class).inNamespace(other).withName("web-01").get();
    assertThat(unserved.getStatus() == null || unserved.getStatus().getObservedGeneration() == null
        && unserved.getStatus().getConditions().isEmpty())
        .as("no status written: %s", client.getKubernetesSerialization().asYaml(unserved)).isTrue();
  }

  @Test
  void leaderElectionTakesTheLeaseBeforeReconciling() {
    operator = VmnetdiagOperator.create(client, OperatorSettings.fromEnvironment(
        Map.of("VMNETDIAG_LEADER_ELECTION_NAMESPACE", other, "VMNETDIAG_CAPTURE_NAMESPACE", ns)),
        java.time.Clock.systemUTC(), false);
    operator.start();

    Lease lease = await().atMost(Duration.ofSeconds(15)).until(
        () -> client.leases().inNamespace(other).withName(OperatorSettings.LEASE_NAME).get(), l -> l != null);
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    client.resource(diagnosis(ns, "web-03")).create();
    await().atMost(Duration.ofSeconds(15))
        .until(() -> client.pods().inNamespace(ns).withName(CapturePods.podName(ns, "web-03", 1)).get() != null);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + health.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static NetworkDiagnosis diagnosis(String namespace, String name) {
    return TestingCluster.libvirtDiagnosis(namespace, name, NODE, name);
  }
}
