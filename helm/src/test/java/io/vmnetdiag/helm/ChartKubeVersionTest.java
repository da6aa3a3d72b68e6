package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Chart.yaml's kubeVersion is the newest Kubernetes feature the chart installs: every rendered API and the schema
 * features of its CRDs are looked up in a table of the minor version that serves them, and the floor must be their
 * maximum. An object of an API not in the table fails the test until its version is added.
 */
class ChartKubeVersionTest {
  /** apiVersion/kind -> the Kubernetes 1.x minor where that API is GA. */
  private static final Map<String, Integer> APIS = Map.ofEntries(
      Map.entry("v1/Namespace", 0),
      Map.entry("v1/ServiceAccount", 0),
      Map.entry("v1/Service", 0),
      Map.entry("apps/v1/Deployment", 9),
      Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", 8),
      Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", 8),
      Map.entry("rbac.authorization.k8s.io/v1/Role", 8),
      Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", 8),
      Map.entry("apiextensions.k8s.io/v1/CustomResourceDefinition", 16),
      Map.entry("admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy", 30),
      Map.entry("admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding", 30));
  /** A field of an object's JSON -> the minor where it is GA. */
  private static final Map<String, Integer> FIELDS = Map.of(
      "\"x-kubernetes-validations\"", 29, // CRD validation rules (CEL)
      "\"x-kubernetes-list-type\"", 16,
      "\"seccompProfile\"", 19);

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void kubeVersionIsTheNewestFeatureTheChartUses() throws IOException {
    List<HasMetadata> objects = new ArrayList<>(Chart.render("").objects());
    objects.addAll(Chart.render("watchNamespaces: [vms]").objects());
    objects.addAll(Chart.crds(new Helm(Chart.dir())).objects());
    Map<String, Integer> needs = new TreeMap<>();
    for (HasMetadata object : objects) {
      String api = object.getApiVersion() + "/" + object.getKind();
      assertThat(APIS).as("Kubernetes version of %s (add it to APIS)", api).containsKey(api);
      needs.put(api, APIS.get(api));
      String json = JSON.asJson(object);
      FIELDS.forEach((field, minor) -> {
        if (json.contains(field)) {
          needs.put(field, minor);
        }
      });
    }
    int newest = needs.values().stream().mapToInt(Integer::intValue).max().orElseThrow();

    assertThat(needs).as("features the chart uses").containsKeys(
        "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy", "\"x-kubernetes-validations\"");
    assertThat(kubeVersion()).as("Chart.yaml kubeVersion for %s", needs).isEqualTo(">=1." + newest + ".0-0");
  }

  @Test
  void helmRefusesAClusterOlderThanThat() {
    assertThatThrownBy(() -> Chart.template("").withKubeVersion("1.29.9").skipCrds().call())
        .hasMessageContaining("incompatible with Kubernetes v1.29.9");
    assertThat(Chart.template("").withKubeVersion("1.30.0").skipCrds().call()).contains("ValidatingAdmissionPolicy");
  }

  private static String kubeVersion() throws IOException {
    Matcher matcher = Pattern.compile("(?m)^kubeVersion:\\s*\"([^\"]+)\"")
        .matcher(Files.readString(Chart.dir().resolve("Chart.yaml")));
    assertThat(matcher.find()).as("Chart.yaml has a kubeVersion").isTrue();
    return matcher.group(1);
  }
}
