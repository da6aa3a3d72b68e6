package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test access to the CRD that crd-generator wrote for this build, and to YAML objects checked against it. */
final class GeneratedCrd {
  static final String RESOURCE = "META-INF/fabric8/networkdiagnoses.vmnetdiag.io-v1.yml";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private GeneratedCrd() {
  }

  /** The CRD as generated into target/classes by this build. */
  static CustomResourceDefinition load() {
    try (InputStream in = GeneratedCrd.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test classpath: did crd-generator run?");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The single served version of the CRD. */
  static CustomResourceDefinitionVersion version() {
    return load().getSpec().getVersions().stream()
        .filter(v -> NetworkDiagnosis.VERSION.equals(v.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("CRD has no version " + NetworkDiagnosis.VERSION));
  }

  /** The root openAPIV3Schema of the served version. */
  static JSONSchemaProps rootSchema() {
    return version().getSchema().getOpenAPIV3Schema();
  }

  /** Parses YAML into plain maps, lists and scalars, as the API server decodes a request body. */
  static Object parseYaml(String yaml) {
    try {
      return YAML.readValue(yaml, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's examples/ directory, found by walking up from the working directory. */
  static Path examplesDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path examples = dir.resolve("examples");
      if (Files.isDirectory(examples)) {
        return examples;
      }
    }
    throw new IllegalStateException("no examples/ directory above " + Path.of("").toAbsolutePath());
  }
}
