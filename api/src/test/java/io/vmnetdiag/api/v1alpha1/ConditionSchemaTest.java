package io.vmnetdiag.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * status.conditions as the API server checks them: a list-map keyed by type with metav1.Condition's constraints.
 * Each row writes a status through the status subresource as plain maps, so wrong values reach the server.
 */
@ExtendWith(ControlPlaneExtension.class)
class ConditionSchemaTest {
  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> diagnoses;
  private int created;

  /** One bad condition: what is changed in a good one, and the field and words of the server's error. */
  record Bad(String name, Consumer<List<Map<String, Object>>> change, String field, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badConditions() {
    return Stream.of(
        new Bad("two conditions of one type", c -> c.add(condition("Ready", "False", "CaptureRunning")),
            "status.conditions[2]", "Duplicate value"),
        new Bad("status Maybe", c -> c.get(0).put("status", "Maybe"),
            "status.conditions[0].status", "Unsupported value: \"Maybe\""),
        new Bad("reason with a space", c -> c.get(0).put("reason", "Capture running"),
            "status.conditions[0].reason", "should match"),
        new Bad("empty reason", c -> c.get(0).put("reason", ""),
            "status.conditions[0].reason", "at least 1 chars long"),
        new Bad("type with a bang", c -> c.get(0).put("type", "Ready!"),
            "status.conditions[0].type", "should match"),
        new Bad("no message", c -> c.get(0).remove("message"),
            "status.conditions[0].message", "Required value"),
        new Bad("message over 32768 characters", c -> c.get(0).put("message", "x".repeat(32769)),
            "status.conditions[0].message", "may not be more than 32768"),
        new Bad("lastTransitionTime not a time", c -> c.get(0).put("lastTransitionTime", "yesterday"),
            "status.conditions[0].lastTransitionTime", "date-time"),
        new Bad("negative observedGeneration", c -> c.get(0).put("observedGeneration", -1),
            "status.conditions[0].observedGeneration", "greater than or equal to 0"));
  }

  @BeforeEach
  void namespace(KubernetesClient client, TestNamespace namespace) {
    diagnoses = client.genericKubernetesResources(NetworkDiagnosis.GROUP + "/" + NetworkDiagnosis.VERSION,
        "NetworkDiagnosis").inNamespace(namespace.name());
  }

  @Test
  void wellFormedConditionsAreStoredAsWritten() {
    List<Map<String, Object>> conditions = goodConditions();
    // What ConditionSet writes: Instant.toString(), with nanoseconds; and a message right at the limit.
    conditions.get(1).put("lastTransitionTime", "2026-12-01T10:00:00.123456789Z");
    conditions.get(1).put("message", "x".repeat(DiagnosisCondition.MESSAGE_MAX_LENGTH));

    GenericKubernetesResource stored = writeStatus(conditions);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> back = (List<Map<String, Object>>) ((Map<String, Object>) stored
        .getAdditionalProperties().get("status")).get("conditions");
    assertThat(back).extracting(c -> c.get("type")).containsExactly("Ready", "Resolved");
    assertThat(back.get(1).get("message").toString()).hasSize(DiagnosisCondition.MESSAGE_MAX_LENGTH);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConditions")
  void theServerRejectsABadCondition(Bad bad) {
    List<Map<String, Object>> conditions = goodConditions();
    bad.change().accept(conditions);

    assertThatThrownBy(() -> writeStatus(conditions))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getDetails().getCauses())
              .anySatisfy(cause -> {
                assertThat(cause.getField()).isEqualTo(bad.field());
                assertThat(cause.getMessage()).contains(bad.error());
              });
        });
  }

  @Test
  void truncatedMessagesFitTheSchema() {
    String cut = DiagnosisCondition.truncateMessage("y".repeat(100_000));
    List<Map<String, Object>> conditions = goodConditions();
    conditions.get(0).put("message", cut);

    assertThat(cut).hasSize(DiagnosisCondition.MESSAGE_MAX_LENGTH).endsWith("[...]");
    assertThat(writeStatus(conditions)).isNotNull();
    assertThat(DiagnosisCondition.truncateMessage(null)).isEmpty();
  }

  private GenericKubernetesResource writeStatus(List<Map<String, Object>> conditions) {
    GenericKubernetesResource nd = new GenericKubernetesResource();
    nd.setApiVersion(NetworkDiagnosis.GROUP + "/" + NetworkDiagnosis.VERSION);
    nd.setKind("NetworkDiagnosis");
    nd.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("d" + (++created)).build());
    nd.setAdditionalProperty("spec", Map.of("target", Map.of("libvirt", Map.of("node", "node-7", "domain", "web-01"))));
    GenericKubernetesResource stored = diagnoses.resource(nd).create();
    stored.setAdditionalProperty("status", Map.of("observedGeneration", 1, "conditions", conditions));
    return diagnoses.resource(stored).updateStatus();
  }

  private static List<Map<String, Object>> goodConditions() {
    List<Map<String, Object>> conditions = new ArrayList<>();
    conditions.add(condition("Ready", "True", "Diagnosed"));
    conditions.add(condition("Resolved", "True", "PathResolved"));
    return conditions;
  }

  private static Map<String, Object> condition(String type, String status, String reason) {
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", type);
    condition.put("status", status);
    condition.put("reason", reason);
    condition.put("message", "What happened.");
    condition.put("observedGeneration", 1);
    condition.put("lastTransitionTime", "2026-12-01T10:00:00Z");
    return condition;
  }
}
