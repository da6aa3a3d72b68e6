package io.vmnetdiag.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated DiagnosisTrigger CRD: namespaced, every field explained, the target rule and the cooldown's form. */
class DiagnosisTriggerCrdTest {
  private static final String RESOURCE = "META-INF/fabric8/diagnosistriggers.vmnetdiag.io-v1.yml";
  private final CustomResourceDefinition crd = load();
  private final JSONSchemaProps spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
      .getProperties().get("spec");

  @Test
  void namespacedWithAShortName() {
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("dtrig");
  }

  @Test
  void everySpecFieldIsDescribedForKubectlExplain() {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(spec, "spec", undescribed);
    assertThat(spec.getDescription()).isNotBlank();
    assertThat(undescribed).isEmpty();
  }

  @Test
  void matchersAndTargetAreRequiredAndOneKindOfTargetIsEnforced() {
    assertThat(spec.getRequired()).contains("matchers", "target");
    assertThat(spec.getProperties().get("matchers").getMinItems()).isEqualTo(1L);
    assertThat(spec.getProperties().get("target").getXKubernetesValidations())
        .extracting(ValidationRule::getRule).containsExactly("has(self.libvirt) != has(self.kubevirt)");
  }

  @Test
  void cooldownDefaultsAndItsPatternAcceptsOnlyWholeUnits() {
    JSONSchemaProps cooldown = spec.getProperties().get("cooldown");
    assertThat(cooldown.getDefault().asText()).isEqualTo(DiagnosisTriggerSpec.DEFAULT_COOLDOWN);
    assertThat(List.of("30s", "15m", "2h")).allMatch(v -> v.matches(cooldown.getPattern()));
    assertThat(List.of("0s", "15", "1d", "1.5h", "-1m")).noneMatch(v -> v.matches(cooldown.getPattern()));
  }

  private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> undescribed) {
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        if (property.getDescription() == null || property.getDescription().isBlank()) {
          undescribed.add(path + "." + name);
        }
        collectUndescribed(property, path + "." + name, undescribed);
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(schema.getItems().getSchema(), path + "[]", undescribed);
    }
  }

  private static CustomResourceDefinition load() {
    try (InputStream in = DiagnosisTriggerCrdTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
