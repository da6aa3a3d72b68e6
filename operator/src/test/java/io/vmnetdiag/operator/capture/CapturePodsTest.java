package io.vmnetdiag.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import org.junit.jupiter.api.Test;

class CapturePodsTest {
  @Test
  void shortNamesAreReadable() {
    assertThat(CapturePods.podName(nd("vms", "web-01", 3))).matches("nd-web-01-[0-9a-f]{8}-g3");
  }

  @Test
  void diagnosesOfTheSameNameInTwoNamespacesGetTwoPods() {
    assertThat(CapturePods.podName(nd("a-b", "c", 1))).isNotEqualTo(CapturePods.podName(nd("a", "b-c", 1)));
    assertThat(CapturePods.podName(nd("team-a", "web", 1))).isNotEqualTo(CapturePods.podName(nd("team-b", "web", 1)));
  }

  @Test
  void longNamesStayValidAndDistinct() {
    String base = "a".repeat(200);
    String one = CapturePods.podName(nd("vms", base + "-one", 12));
    String two = CapturePods.podName(nd("vms", base + "-two", 12));
    assertThat(one).hasSizeLessThanOrEqualTo(63).endsWith("-g12").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(one).isNotEqualTo(two);
    assertThat(CapturePods.labels(nd("vms", base, 1), "node-a", "web").values())
        .allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(63));
  }

  private static NetworkDiagnosis nd(String namespace, String name, long generation) {
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setNamespace(namespace);
    nd.getMetadata().setName(name);
    nd.getMetadata().setGeneration(generation);
    nd.getMetadata().setUid("0b7c3f0e-8d8e-4f4e-9a51-3c1a2b4d5e6f");
    return nd;
  }
}
