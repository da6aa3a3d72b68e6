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
  void printerColumnsAreInTheDocumentedOrderWithWideOnesLast() {
    List<CustomResourceColumnDefinition> columns = GeneratedCrd.version().getAdditionalPrinterColumns();

    assertThat(columns).extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Target", "Verdict", "Location", "Ready", "Reason", "Age", "Node", "Address", "Window");
    assertThat(columns).extracting(CustomResourceColumnDefinition::getPriority)
        .containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1);
    Map<String, CustomResourceColumnDefinition> byName = columns.stream()
        .collect(Collectors.toMap(CustomResourceColumnDefinition::getName, Function.identity()));
    assertThat(byName.get("Target").getJsonPath()).isEqualTo(".status.targetName");
    assertThat(byName.get("Verdict").getJsonPath()).isEqualTo(".status.verdict.reason");
    assertThat(byName.get("Location").getJsonPath()).isEqualTo(".status.verdict.location");
    assertThat(byName.get("Ready").getJsonPath()).isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
    assertThat(byName.get("Reason").getJsonPath()).isEqualTo(".status.conditions[?(@.type==\"Ready\")].reason");
    assertThat(byName.get("Age").getJsonPath()).isEqualTo(".metadata.creationTimestamp");
    assertThat(byName.get("Age").getType()).isEqualTo("date");
    assertThat(byName.get("Node").getJsonPath()).isEqualTo(".status.path.node");
    assertThat(byName.get("Address").getJsonPath()).isEqualTo(".status.path.vmAddress");
    assertThat(byName.get("Window").getJsonPath()).isEqualTo(".status.window.usedSeconds");
    assertThat(byName.get("Window").getType()).isEqualTo("number");
    // A column whose path the schema does not have prints <none> forever: check each one resolves.
    columns.stream()
        .filter(column -> column.getJsonPath().startsWith(".status."))
        .forEach(column -> assertThat(schemaAt(column.getJsonPath()))
            .as("column %s: %s is not in the schema", column.getName(), column.getJsonPath())
            .isNotNull());
  }

  @Test
  void rootIsDescribedAndInTheProjectsCategory() {
    assertThat(root.getDescription()).startsWith("A request to find where a virtual machine's packets are lost");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly(NetworkDiagnosis.CATEGORY);
  }

  @Test
  void conditionsAreAListMapKeyedByTypeWithMetav1Constraints() {
    JSONSchemaProps conditions = root.getProperties().get("status").getProperties().get("conditions");
    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");

    JSONSchemaProps item = conditions.getItems().getSchema();
    assertThat(item.getRequired()).containsExactlyInAnyOrder("type", "status", "reason", "message", "lastTransitionTime");
    Map<String, JSONSchemaProps> fields = item.getProperties();
    assertThat(fields.get("status").getEnum()).extracting(Object::toString)
        .containsExactly("\"True\"", "\"False\"", "\"Unknown\"");
    assertThat(fields.get("type").getMaxLength()).isEqualTo(316L);
    assertThat(fields.get("reason").getMaxLength()).isEqualTo(1024L);
    assertThat(fields.get("reason").getMinLength()).isEqualTo(1L);
    assertThat(fields.get("message").getMaxLength()).isEqualTo((long) DiagnosisCondition.MESSAGE_MAX_LENGTH);
    assertThat(fields.get("lastTransitionTime").getFormat()).isEqualTo("date-time");
    assertThat(fields.get("observedGeneration").getMinimum()).isZero();
    // Every other field survived the schema customization (it merges, never replaces).
    assertThat(root.getProperties().get("status").getProperties()).containsKeys("verdict", "path", "hops", "window");
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
