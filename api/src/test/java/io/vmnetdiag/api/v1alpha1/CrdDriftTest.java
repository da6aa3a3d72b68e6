package io.vmnetdiag.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD in crds/ (and the chart's copy) is generated from this module's Java model and committed.
 * Run {@code mvn -pl api -am test -Dvmnetdiag.updateCrds=true} after changing the model.
 */
class CrdDriftTest {
  static final String CRD_FILE = "networkdiagnoses.vmnetdiag.io-v1.yml";

  @Test
  void committedCrdsMatchTheGeneratedOne() throws IOException {
    Path generated = Path.of(System.getProperty("vmnetdiag.generatedCrdDir"), CRD_FILE);
    String expected = Files.readString(generated);
    for (String dir : System.getProperty("vmnetdiag.crdDirs").split(",")) {
      Path committed = Path.of(dir, CRD_FILE);
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
