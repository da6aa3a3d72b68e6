package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.ScrapedMetrics;
import io.vmnetdiag.testkit.TestNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator process as the chart starts it: JSON logs chosen by the environment, with the diagnosis' namespace,
 * name and generation on the lines of its reconcile, and /metrics on the health port.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorLogsTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void jsonLogLinesOfAReconcileCarryTheDiagnosisAndMetricsAreServed(ControlPlane controlPlane, KubernetesClient client,
      TestNamespace namespace) throws Exception {
    int port = OperatorProcess.freePort();
    TestingCluster cluster = new TestingCluster(client);
    String ns = cluster.tenantNamespace(namespace.name(), "vms");
    try (OperatorProcess operator = OperatorProcess.start(controlPlane.kubeconfig(), Map.of(
        "VMNETDIAG_LOG_FORMAT", "json", "VMNETDIAG_LOG_LEVEL", "info", "VMNETDIAG_HEALTH_PORT", String.valueOf(port),
        "VMNETDIAG_CAPTURE_NAMESPACE", namespace.name(), "VMNETDIAG_WATCH_NAMESPACES", ns))) {
      try (cluster) { // closed first: the diagnoses go while the operator still runs
        // A JVM of its own starts first: until it is ready, the test's patience does not count.
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> operator.ready(port));
        client.resource(invalidDiagnosis(ns, "bad-01")).create();
        cluster.awaitStatus(ns, "bad-01", s -> s.getCompletionTime() != null);

        await().atMost(Duration.ofSeconds(10))
            .until(() -> operator.stdout().stream().anyMatch(line -> line.contains("invalid spec")));
        List<JsonNode> lines = parse(List.copyOf(operator.stdout())); // fails on any line that is not JSON
        JsonNode invalid = lines.stream().filter(l -> l.path("message").asText().contains("invalid spec"))
            .findFirst().orElseThrow();
        assertThat(invalid.path("resource.namespace").asText()).isEqualTo(ns);
        assertThat(invalid.path("resource.name").asText()).isEqualTo("bad-01");
        assertThat(invalid.path("resource.generation").asText()).isEqualTo("1");
        assertThat(invalid.path("log.level").asText()).isEqualTo("INFO");
        assertThat(invalid.path("@timestamp").asText()).isNotBlank();

        await().atMost(Duration.ofSeconds(10)).until(() -> ScrapedMetrics.scrape(port)
            .sum("vmnetdiag_diagnosis_failures_total", Map.of("reason", "InvalidSpec")) == 1);
      }
    }
  }

  @Test
  void anUnknownLogFormatOrLevelStopsTheOperatorWithAClearMessage(ControlPlane controlPlane) throws Exception {
    assertThat(refusal(controlPlane, Map.of("VMNETDIAG_LOG_FORMAT", "xml")))
        .isEqualTo("vmnetdiag operator: VMNETDIAG_LOG_FORMAT=xml is not a log format: use text or json");
    assertThat(refusal(controlPlane, Map.of("VMNETDIAG_LOG_LEVEL", "verbose"))).isEqualTo(
        "vmnetdiag operator: VMNETDIAG_LOG_LEVEL=verbose is not a log level: use one of error, warn, info, debug, trace");
  }

  /** The one stderr line of an operator process that refused to start (exit code 2). */
  private static String refusal(ControlPlane controlPlane, Map<String, String> env) throws Exception {
    OperatorProcess operator = OperatorProcess.start(controlPlane.kubeconfig(), env);
    assertThat(operator.awaitExit(30)).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> !operator.stderr().isEmpty());
    assertThat(operator.stdout()).isEmpty();
    return String.join("\n", operator.stderr());
  }

  private List<JsonNode> parse(List<String> lines) {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : lines) {
      try {
        parsed.add(mapper.readTree(line));
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }
    return parsed;
  }

  private static NetworkDiagnosis invalidDiagnosis(String ns, String name) {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis(ns, name, "node-a", "web");
    LibvirtTarget target = nd.getSpec().getTarget().getLibvirt();
    target.setAddress("not-an-ip");
    return nd;
  }
}
