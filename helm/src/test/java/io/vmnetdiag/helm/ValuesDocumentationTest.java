package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chart README lists every value, so a new value cannot ship undocumented. */
class ValuesDocumentationTest {
  /** Groups whose members are values of their own; other maps (resources, nodeSelector...) are one value. */
  private static final Set<String> GROUPS = Set.of("image", "serviceAccount", "rbac", "operator", "capture", "agent",
      "policy", "libvirt", "alerts", "metrics", "capture.pod");

  @Test
  void readmeDocumentsEveryValue() throws IOException {
    Map<String, Object> values = Chart.parse(Files.readString(Chart.dir().resolve("values.yaml")), Map.class);
    String readme = Files.readString(Chart.dir().resolve("README.md"));

    List<String> keys = keys(values);

    assertThat(keys).contains("operator.replicas", "agent.pcapHostDir", "imagePullSecrets", "capture.pod.resources");
    assertThat(keys).allSatisfy(key -> assertThat(readme).contains("| `" + key + "` |"));
  }

  private static List<String> keys(Map<String, Object> values) {
    return keys("", values);
  }

  @SuppressWarnings("unchecked")
  private static List<String> keys(String prefix, Map<String, Object> values) {
    List<String> keys = new ArrayList<>();
    values.forEach((key, value) -> {
      String path = prefix + key;
      if (GROUPS.contains(path) && value instanceof Map<?, ?> group) {
        keys.addAll(keys(path + ".", (Map<String, Object>) group));
      } else {
        keys.add(path);
      }
    });
    return keys;
  }
}
