package io.vmnetdiag.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs in crds/ (and the chart's copy) is generated from this module's Java model and committed.
 * Run {@code mvn -pl api -am test -Dvmnetdiag.updateCrds=true} after changing the model.
 */
class CrdDriftTest {
  @ParameterizedTest
  @ValueSource(strings = {"networkdiagnoses.vmnetdiag.io-v1.yml", "diagnosispolicies.vmnetdiag.io-v1.yml",
      "diagnosistriggers.vmnetdiag.io-v1.yml"})
  void committedCrdsMatchTheGeneratedOne(String crdFile) throws IOException {
    Path generated = Path.of(System.getProperty("vmnetdiag.generatedCrdDir"), crdFile);
    String expected = Files.readString(generated);
    for (String dir : System.getProperty("vmnetdiag.crdDirs").split(",")) {
      Path committed = Path.of(dir, crdFile);
      if (Boolean.getBoolean("vmnetdiag.updateCrds")) {
        Files.createDirectories(committed.getParent());
        Files.writeString(committed, expected);
      }
      assertThat(committed).as("committed CRD %s; regenerate with -Dvmnetdiag.updateCrds=true", committed).exists();
      assertThat(Files.readString(committed))
          .as("%s is stale: regenerate with mvn -pl api -am test -Dvmnetdiag.updateCrds=true", committed)
          .isEqualTo(expected);
    }
  }
}
