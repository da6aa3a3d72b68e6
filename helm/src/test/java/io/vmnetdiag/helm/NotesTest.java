package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as a client-only dry-run install prints it. */
class NotesTest {
  private final String notes = notes(Chart.NAMESPACE, "operator: {replicas: 1}");

  @Test
  void tellsHowToCheckTheOperatorOfThisRelease() {
    assertThat(notes)
        .contains("kubectl -n " + Chart.NAMESPACE + " rollout status deployment/vmnetdiag-operator")
        .contains("kubectl get crd networkdiagnoses.vmnetdiag.io")
        .contains("kubectl get diagnosispolicy default -o yaml");
  }

  @Test
  void tellsHowToCreateAFirstDiagnosisAndReadItsStatus() {
    assertThat(notes)
        .contains("kubectl apply -f -")
        .contains("kind: NetworkDiagnosis")
        .contains("kubectl get nd -n vms -w")
        .contains("{.status.verdict.summary}")
        .contains(".status.conditions[*]");
  }

  @Test
  void saysCapturePodsRunInThePrivilegedCaptureNamespaceAndTenantsStayRestricted() {
    assertThat(notes).contains("Capture pods run in namespace vmnetdiag-capture", "\"privileged\"",
        "may stay restricted").doesNotContain("kubectl label namespace");
  }

  @Test
  void exampleUsesOnlyFieldsTheCrdDefines() throws IOException {
    CustomResourceDefinition crd = CrdInclusionTest.generatedCrds().get(0);
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    GenericKubernetesResource example = Chart.parse(exampleManifest());

    assertThat(example.getApiVersion()).isEqualTo(crd.getSpec().getGroup() + "/" + crd.getSpec().getVersions().get(0).getName());
    assertThat(example.getKind()).isEqualTo(crd.getSpec().getNames().getKind());
    assertThat(mismatches("spec", example.getAdditionalProperties().get("spec"), root.getProperties().get("spec")))
        .isEmpty();
  }

  @Test
  void saysSoWhenNoOperatorRuns() {
    assertThat(notes).doesNotContain("replicas is 0");
    assertThat(notes(Chart.NAMESPACE, "operator: {replicas: 0}")).contains("operator.replicas is 0");
  }

  @Test
  void saysWhichNamespacesAreWatchedAndUsesOneOfThemInTheExample() {
    String restricted = notes(Chart.NAMESPACE, "watchNamespaces: [lab, vms]");

    assertThat(notes).contains("resources in all namespaces").contains("kubectl create namespace vms");
    assertThat(restricted).contains("resources only in: lab, vms.")
        .contains("kubectl get nd -n lab -w")
        .contains("    namespace: lab\n")
        // The chart created a Role there, so the namespace exists already.
        .doesNotContain("kubectl create namespace");
  }

  @Test
  void withLeaderElectionPointsAtTheLeaseAndRolloutStatusStillWorks() {
    String standbys = notes(Chart.NAMESPACE, "operator: {replicas: 3}");

    assertThat(standbys)
        .contains("kubectl -n " + Chart.NAMESPACE + " get lease vmnetdiag-operator-leader")
        .contains("ready standbys")
        .contains("kubectl get crd networkdiagnoses.vmnetdiag.io")
        .contains("rollout status deployment/");
  }

  /** The heredoc fed to kubectl apply, with the two-space indent of NOTES removed. */
  private String exampleManifest() {
    List<String> lines = notes.lines().toList();
    int start = indexOf(lines, line -> line.contains("<<'YAML'")) + 1;
    int end = start + indexOf(lines.subList(start, lines.size()), line -> line.strip().equals("YAML"));
    return lines.subList(start, end).stream()
        .map(line -> line.startsWith("  ") ? line.substring(2) : line)
        .collect(Collectors.joining("\n"));
  }

  private static int indexOf(List<String> lines, Predicate<String> match) {
    for (int i = 0; i < lines.size(); i++) {
      if (match.test(lines.get(i))) {
        return i;
      }
    }
    throw new AssertionError("NOTES has no example heredoc");
  }

  /** Fields the schema does not know, and required fields the example leaves out. */
  private static List<String> mismatches(String path, Object value, JSONSchemaProps schema) {
    List<String> mismatches = new ArrayList<>();
    if (schema == null) {
      mismatches.add("unknown " + path);
    } else if (value instanceof Map<?, ?> map) {
      if (schema.getRequired() != null) {
        schema.getRequired().stream().filter(key -> !map.containsKey(key))
            .forEach(key -> mismatches.add("missing " + path + "." + key));
      }
      map.forEach((key, child) -> mismatches.addAll(
          mismatches(path + "." + key, child, schema.getProperties().get(String.valueOf(key)))));
    }
    return mismatches;
  }

  private static String notes(String namespace, String valuesYaml) {
    var install = new Helm(Chart.dir()).install().withName(Chart.RELEASE).withNamespace(namespace)
        .dryRun().clientOnly().withKubeVersion(Chart.KUBE_VERSION);
    install.withValuesFile(Chart.valuesFileFor(valuesYaml));
    String output = install.call().getOutput();
    return output.substring(output.indexOf("NOTES:"));
  }
}
