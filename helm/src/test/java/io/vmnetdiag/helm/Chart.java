package io.vmnetdiag.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The chart under test, rendered offline by helm-java with optional values overrides. */
final class Chart {
  static final String RELEASE = "vmnetdiag";
  static final String NAMESPACE = "vmnetdiag-system";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Chart() {
  }

  static Path dir() {
    return Path.of(System.getProperty("vmnetdiag.chart.dir", "vmnetdiag")).toAbsolutePath();
  }

  /** Renders without CRDs, with the given values YAML on top of values.yaml (null or "" for none). */
  static Rendered render(String valuesYaml) {
    return Rendered.of(template(valuesYaml).skipCrds().call());
  }

  /**
   * The CRDs Helm installs from crds/, as {@code helm show crds} lists them: the same objects
   * {@code helm template --include-crds} prints (helm-java 0.0.21's template has no include-crds option).
   */
  static Rendered crds(Helm chart) {
    return Rendered.of(chart.show().crds().call());
  }

  static TemplateCommand template(String valuesYaml) {
    TemplateCommand command = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesYaml != null && !valuesYaml.isBlank()) {
      command.withValuesFile(valuesFileFor(valuesYaml));
    }
    return command;
  }

  static <T> T parse(String yaml) {
    return SERIALIZATION.unmarshal(yaml);
  }

  @SuppressWarnings("unchecked")
  static <T> T parse(String yaml, Class<?> type) {
    return (T) SERIALIZATION.unmarshal(yaml, type);
  }

  static Path valuesFileFor(String valuesYaml) {
    try {
      Path file = Files.createTempFile("vmnetdiag-values-", ".yaml");
      file.toFile().deleteOnExit();
      return Files.writeString(file, valuesYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects of one render. */
  record Rendered(List<HasMetadata> objects) {

    static Rendered of(String manifest) {
      Object parsed = parse(manifest);
      List<HasMetadata> objects = new ArrayList<>();
      if (parsed instanceof List<?> list) {
        list.forEach(o -> objects.add((HasMetadata) o));
      } else if (parsed != null) {
        objects.add((HasMetadata) parsed);
      }
      return new Rendered(objects);
    }

    List<String> kinds() {
      return objects.stream().map(HasMetadata::getKind).sorted().toList();
    }

    <T extends HasMetadata> T single(Class<T> type) {
      List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
      if (matching.size() != 1) {
        throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + kinds());
      }
      return matching.get(0);
    }
  }
}
