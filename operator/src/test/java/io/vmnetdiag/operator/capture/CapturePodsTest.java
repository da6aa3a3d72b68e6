package io.vmnetdiag.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import org.junit.jupiter.api.Test;

class CapturePodsTest {
  @Test
  void shortNamesAreReadable() {
    assertThat(CapturePods.podName(nd("web-01", 3))).isEqualTo("nd-web-01-g3");
  }

  @Test
  void longNamesStayValidAndDistinct() {
    String base = "a".repeat(200);
    String one = CapturePods.podName(nd(base + "-one", 12));
    String two = CapturePods.podName(nd(base + "-two", 12));
    assertThat(one).hasSizeLessThanOrEqualTo(63).endsWith("-g12").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(one).isNotEqualTo(two);
    assertThat(CapturePods.labels(nd(base, 1)).get(CapturePods.LABEL_DIAGNOSIS)).hasSizeLessThanOrEqualTo(63);
  }

  private static NetworkDiagnosis nd(String name, long generation) {
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName(name);
    nd.getMetadata().setGeneration(generation);
    return nd;
  }
}
