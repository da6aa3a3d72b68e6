package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart ships the generated CRDs from crds/, the way Helm installs CRDs (never templated). */
class CrdInclusionTest {
  static final List<String> CRD_FILES = List.of("crds/networkdiagnoses.vmnetdiag.io-v1.yml",
      "crds/diagnosispolicies.vmnetdiag.io-v1.yml", "crds/diagnosistriggers.vmnetdiag.io-v1.yml");

  @Test
  void helmInstallsTheGeneratedCrdsUnchanged() throws IOException {
    assertThat(Chart.crds(new Helm(Chart.dir())).objects()).containsExactlyInAnyOrderElementsOf(generatedCrds());
  }

  @Test
  void thePackagedChartStillCarriesTheCrds(@TempDir Path destination) throws IOException {
    Helm packaged = new Helm(Chart.dir()).packageIt().withDestination(destination).call();

    assertThat(Chart.crds(packaged).objects()).containsExactlyInAnyOrderElementsOf(generatedCrds());
  }

  @Test
  void templatesNeverOwnTheCrdSoUninstallKeepsEveryDiagnosis() {
    assertThat(Chart.render(null).kinds()).doesNotContain("CustomResourceDefinition");
  }

  static List<CustomResourceDefinition> generatedCrds() throws IOException {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String file : CRD_FILES) {
      crds.add(Chart.parse(Files.readString(Chart.dir().resolve(file))));
    }
    assertThat(crds).extracting(crd -> crd.getMetadata().getName())
        .containsExactly("networkdiagnoses.vmnetdiag.io", "diagnosispolicies.vmnetdiag.io",
            "diagnosistriggers.vmnetdiag.io");
    return crds;
  }
}
