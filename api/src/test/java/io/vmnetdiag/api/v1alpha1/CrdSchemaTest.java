package io.vmnetdiag.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generated CRD has what kubectl users rely on: descriptions, columns, names, the status subresource, rules. */
class CrdSchemaTest {
  private final CustomResourceDefinition crd = GeneratedCrd.load();
  private final JSONSchemaProps root = GeneratedCrd.rootSchema();

  @Test
  void everySpecAndStatusFieldIsDescribedForKubectlExplain() {
    List<String> undescribed = new ArrayList<>();
    for (String top : List.of("spec", "status")) {
      String description = root.getProperties().get(top).getDescription();
      if (description == null || description.isBlank()) {
        undescribed.add(top); // kubectl explain networkdiagnosis.spec prints DESCRIPTION: <empty>
      }
    }
    collectUndescribed(root.getProperties().get("spec"), "spec", undescribed);
    collectUndescribed(root.getProperties().get("status"), "status", undescribed);

    assertThat(undescribed)
        .as("fields without a description (add @JsonPropertyDescription): %s", String.join(", ", undescribed))
        .isEmpty();
  }

  @Test
  void printerColumnsShowTargetVerdictLocationReadyAndAge() {
    Map<String, CustomResourceColumnDefinition> columns = GeneratedCrd.version().getAdditionalPrinterColumns().stream()
        .collect(Collectors.toMap(CustomResourceColumnDefinition::getName, Function.identity()));

    assertThat(columns).containsOnlyKeys("Target", "Verdict", "Location", "Ready", "Age");
    assertThat(columns.get("Target").getJsonPath()).isEqualTo(".status.targetName");
    assertThat(columns.get("Verdict").getJsonPath()).isEqualTo(".status.verdict.reason");
    assertThat(columns.get("Location").getJsonPath()).isEqualTo(".status.verdict.location");
    assertThat(columns.get("Ready").getJsonPath()).isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
    assertThat(columns.get("Age").getJsonPath()).isEqualTo(".metadata.creationTimestamp");
    assertThat(columns.get("Age").getType()).isEqualTo("date");
    // A column whose path the schema does not have prints <none> forever: check each one resolves.
    columns.values().stream()
        .filter(column -> column.getJsonPath().startsWith(".status."))
        .forEach(column -> assertThat(schemaAt(column.getJsonPath()))
            .as("column %s: %s is not in the schema", column.getName(), column.getJsonPath())
            .isNotNull());
  }

  @Test
  void namesScopeAndStatusSubresource() {
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("networkdiagnoses");
    assertThat(crd.getSpec().getNames().getShortNames()).contains("nd");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(GeneratedCrd.version().getSubresources().getStatus())
        .as("status subresource, so the operator's status patches never race spec edits")
        .isNotNull();
  }

  @Test
  void targetIsRequiredAndExactlyOneKindOfTargetIsEnforced() {
    JSONSchemaProps spec = root.getProperties().get("spec");
    assertThat(spec.getRequired()).contains("target");

    List<ValidationRule> targetRules = spec.getProperties().get("target").getXKubernetesValidations();
    assertThat(targetRules)
        .extracting(ValidationRule::getRule, ValidationRule::getMessage)
        .contains(org.assertj.core.groups.Tuple.tuple(
            "has(self.libvirt) != has(self.kubevirt)", "set exactly one of target.libvirt or target.kubevirt"));
  }

  private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> undescribed) {
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        String propertyPath = path + "." + name;
        if (property.getDescription() == null || property.getDescription().isBlank()) {
          undescribed.add(propertyPath);
        }
        collectUndescribed(property, propertyPath, undescribed);
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(schema.getItems().getSchema(), path + "[]", undescribed);
    }
    if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
      collectUndescribed(schema.getAdditionalProperties().getSchema(), path + "{}", undescribed);
    }
  }

  /** The schema a printer column's JSONPath points at, or null; a filter such as [?(...)] steps into items. */
  private JSONSchemaProps schemaAt(String jsonPath) {
    JSONSchemaProps current = root;
    for (String segment : jsonPath.substring(1).split("\\.(?![^\\[]*\\])")) {
      String name = segment.replaceAll("\\[.*]$", "");
      current = current.getProperties() == null ? null : current.getProperties().get(name);
      if (current == null) {
        return null;
      }
      if (segment.endsWith("]")) {
        current = current.getItems() == null ? null : current.getItems().getSchema();
        if (current == null) {
          return null;
        }
      }
    }
    return current;
  }
}
