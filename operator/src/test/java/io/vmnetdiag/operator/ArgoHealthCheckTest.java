package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's Argo CD health check against sample statuses, one row per state a diagnosis can be in: the kstatus
 * conditions (Ready, Reconciling, Stalled, each with observedGeneration) and the statuses of an operator that writes
 * Ready alone. Statuses the running operator writes are checked in {@link DiagnosisRerunTest} and
 * {@link GitOpsApplyTest}.
 */
class ArgoHealthCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of("no status yet", resource(1, null), "Progressing", "Waiting for the operator"),
        Arguments.of("a new generation not observed yet, Ready of the old one",
            withConditions(resource(2, status(1, "2026-12-01T10:00:00Z")),
                condition("Ready", "True", "Diagnosed", "Path healthy.", 1)),
            "Progressing", "generation 2"),
        Arguments.of("reconciling: capture pod running", withConditions(resource(3, status(3, null)),
                condition("Ready", "False", "InProgress", "Capture pod nd-web-1 is running.", 3),
                condition("Reconciling", "True", "CaptureRunning", "Capture pod nd-web-1 is running.", 3),
                condition("Stalled", "False", "CaptureRunning", "", 3)),
            "Progressing", "Capture pod nd-web-1 is running."),
        Arguments.of("reconciling: queued for a capture slot", withConditions(resource(1, status(1, null)),
                condition("Ready", "False", "Queued", "Node node-a runs 2 capture pods.", 1),
                condition("Reconciling", "True", "Queued", "Node node-a runs 2 capture pods.", 1)),
            "Progressing", "node-a"),
        Arguments.of("stalled: capture timed out", withConditions(resource(1, status(1, "2026-12-01T10:00:00Z")),
                condition("Ready", "False", "CaptureTimedOut", "Capture pod did not finish within 30s.", 1),
                condition("Reconciling", "False", "CaptureTimedOut", "", 1),
                condition("Stalled", "True", "CaptureTimedOut", "Capture pod did not finish within 30s.", 1)),
            "Degraded", "CaptureTimedOut: Capture pod did not finish within 30s."),
        Arguments.of("stalled: invalid spec", withConditions(resource(4, status(4, "2026-12-01T10:00:00Z")),
                condition("Ready", "False", "InvalidSpec", "The spec is invalid: spec.schedule ...", 4),
                condition("Stalled", "True", "InvalidSpec", "The spec is invalid: spec.schedule ...", 4)),
            "Degraded", "InvalidSpec"),
        Arguments.of("stalled: policy denied", withConditions(resource(1, status(1, "2026-12-01T10:00:00Z")),
                condition("Ready", "False", "PolicyDenied", "Denied by policy: no grant.", 1),
                condition("Stalled", "True", "PolicyDenied", "Denied by policy: no grant.", 1)),
            "Degraded", "PolicyDenied"),
        Arguments.of("ready: the verdict found a fault (still Healthy: the diagnosis did its job)",
            withConditions(verdict(resource(1, status(1, "2026-12-01T10:00:00Z")), "GuestNotProcessingReceive", "guest"),
                condition("Ready", "True", "Diagnosed", "The guest receives but does not answer.", 1),
                condition("Reconciling", "False", "Diagnosed", "", 1),
                condition("Stalled", "False", "Diagnosed", "", 1)),
            "Healthy", "GuestNotProcessingReceive at guest: The guest receives but does not answer."),
        Arguments.of("ready: the path is healthy",
            withConditions(verdict(resource(1, status(1, "2026-12-01T10:00:00Z")), "PathHealthy", "none"),
                condition("Ready", "True", "Diagnosed", "Traffic flows both ways at every hop.", 1)),
            "Healthy", "PathHealthy"),
        Arguments.of("a stale Stalled of an old generation is ignored while the new one reconciles",
            withConditions(resource(2, status(2, null)),
                condition("Ready", "False", "InProgress", "Capture pod created.", 2),
                condition("Reconciling", "True", "CapturePodCreated", "Capture pod created.", 2),
                condition("Stalled", "True", "CaptureFailed", "old", 1)),
            "Progressing", "Capture pod created."),
        Arguments.of("Ready alone (no kstatus conditions): ended without a verdict",
            withConditions(resource(1, status(1, "2026-12-01T10:00:00Z")),
                condition("Ready", "False", "CaptureFailed", "Capture pod exited 137.", 1)),
            "Degraded", "CaptureFailed: Capture pod exited 137."),
        Arguments.of("Ready alone (no kstatus conditions): in progress",
            withConditions(resource(1, status(1, null)),
                condition("Ready", "False", "InProgress", "Capture pod created.", 1)),
            "Progressing", "Capture pod created."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void healthFollowsTheConditions(String state, ObjectNode resource, String health, String message) {
    ArgoHealthCheck.Health result = ArgoHealthCheck.of(resource);

    assertThat(result.status()).as(state).isEqualTo(health);
    assertThat(result.message()).as(state).contains(message);
  }

  private static ObjectNode resource(long generation, ObjectNode status) {
    ObjectNode nd = JSON.createObjectNode();
    nd.put("apiVersion", "vmnetdiag.io/v1alpha1").put("kind", "NetworkDiagnosis");
    nd.putObject("metadata").put("name", "web").put("namespace", "vms").put("generation", generation);
    nd.putObject("spec").putObject("target").putObject("libvirt").put("node", "node-a").put("domain", "web");
    if (status != null) {
      nd.set("status", status);
    }
    return nd;
  }

  private static ObjectNode status(long observedGeneration, String completionTime) {
    ObjectNode status = JSON.createObjectNode().put("observedGeneration", observedGeneration);
    if (completionTime != null) {
      status.put("completionTime", completionTime);
    }
    return status;
  }

  private static ObjectNode verdict(ObjectNode resource, String reason, String location) {
    ((ObjectNode) resource.get("status")).putObject("verdict").put("reason", reason).put("location", location);
    return resource;
  }

  private static ObjectNode withConditions(ObjectNode resource, ObjectNode... conditions) {
    ((ObjectNode) resource.get("status")).set("conditions", conditions(conditions));
    return resource;
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode conditions(ObjectNode... conditions) {
    var array = JSON.createArrayNode();
    for (ObjectNode c : conditions) {
      array.add(c);
    }
    return array;
  }

  private static ObjectNode condition(String type, String status, String reason, String message, long generation) {
    return JSON.createObjectNode().put("type", type).put("status", status).put("reason", reason)
        .put("message", message).put("observedGeneration", generation)
        .put("lastTransitionTime", "2026-12-01T10:00:00Z");
  }
}
