package io.vmnetdiag.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class CapturePodOptionsTest {

  @Test
  void unsetOrEmptyValuesKeepTheDefaults() {
    assertThat(CapturePodOptions.fromJson(null)).isEqualTo(CapturePodOptions.DEFAULTS);
    assertThat(CapturePodOptions.fromJson("")).isEqualTo(CapturePodOptions.DEFAULTS);
    assertThat(CapturePodOptions.fromJson("""
        {"annotations":{},"imagePullSecrets":[],"priorityClassName":"","resources":{},"tolerations":[]}"""))
        .isEqualTo(CapturePodOptions.DEFAULTS);
  }

  @Test
  void resourcesMergeKeyByKeyOverTheDefaults() {
    CapturePodOptions options = CapturePodOptions.fromJson("""
        {"resources": {"limits": {"memory": "512Mi", "cpu": "2"}}}""");

    assertThat(options.requests()).isEqualTo(CapturePodOptions.DEFAULTS.requests());
    assertThat(options.limits()).containsOnlyKeys("memory", "cpu")
        .containsEntry("memory", new Quantity("512Mi")).containsEntry("cpu", new Quantity("2"));
  }

  @Test
  void malformedJsonOrAnUnknownKeyIsAClearError() {
    assertThatThrownBy(() -> CapturePodOptions.fromJson("{resources"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("VMNETDIAG_CAPTURE_POD is not");
    assertThatThrownBy(() -> CapturePodOptions.fromJson("{\"nodeSelector\": {}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeSelector");
  }
}
