package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart ships the generated CRD from crds/, the way Helm installs CRDs (never templated). */
class CrdInclusionTest {
  static final String CRD_FILE = "crds/networkdiagnoses.vmnetdiag.io-v1.yml";

  @Test
  void helmInstallsTheGeneratedCrdUnchanged() throws IOException {
    assertThat(Chart.crds(new Helm(Chart.dir())).single(CustomResourceDefinition.class))
        .isEqualTo(generatedCrd());
  }

  @Test
  void thePackagedChartStillCarriesTheCrd(@TempDir Path destination) throws IOException {
    Helm packaged = new Helm(Chart.dir()).packageIt().withDestination(destination).call();

    assertThat(Chart.crds(packaged).single(CustomResourceDefinition.class)).isEqualTo(generatedCrd());
  }

  @Test
  void templatesNeverOwnTheCrdSoUninstallKeepsEveryDiagnosis() {
    assertThat(Chart.render(null).kinds()).doesNotContain("CustomResourceDefinition");
  }

  static CustomResourceDefinition generatedCrd() throws IOException {
    CustomResourceDefinition crd = Chart.parse(Files.readString(Chart.dir().resolve(CRD_FILE)));
    assertThat(crd.getMetadata().getName()).isEqualTo("networkdiagnoses.vmnetdiag.io");
    return crd;
  }
}
