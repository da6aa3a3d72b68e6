package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart's side of the DiagnosisPolicy: the admission policy, what the operator may read, the libvirt URIs. */
class PolicyChartTest {
  static final String POLICY_READER = "vmnetdiag-operator-policy-reader";

  @Test
  void admissionPolicyJudgesNewSpecsOfDiagnosesAgainstTheNamedPolicy() {
    Chart.Rendered rendered = Chart.render("policy: {name: tenants}");
    ValidatingAdmissionPolicy policy = rendered.single(ValidatingAdmissionPolicy.class);
    ValidatingAdmissionPolicyBinding binding = rendered.single(ValidatingAdmissionPolicyBinding.class);

    assertThat(policy.getSpec().getParamKind().getKind()).isEqualTo("DiagnosisPolicy");
    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(policy.getSpec().getMatchConstraints().getResourceRules()).singleElement()
        .satisfies(rule -> assertThat(rule.getResources()).containsExactly("networkdiagnoses"));
    assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
    assertThat(binding.getSpec().getParamRef().getName()).isEqualTo("tenants");
    assertThat(binding.getSpec().getParamRef().getParameterNotFoundAction()).isEqualTo("Allow");
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    assertThat(binding.getSpec().getMatchResources()).as("every namespace").isNull();
  }

  @Test
  void watchedNamespacesLimitTheBinding() {
    ValidatingAdmissionPolicyBinding binding = Chart.render("watchNamespaces: [vms, lab]")
        .single(ValidatingAdmissionPolicyBinding.class);

    assertThat(binding.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions()).singleElement()
        .satisfies(e -> {
          assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
          assertThat(e.getValues()).containsExactly("vms", "lab");
        });
  }

  @Test
  void admissionCanBeLeftOut() {
    assertThat(Chart.render("policy: {admission: {enabled: false}}").kinds())
        .doesNotContain("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
  }

  @Test
  void theOperatorReadsOnlyTheEnforcedPolicyNamespacesAndNodes() {
    // Nodes: whether the capture's node exists and is Ready, and with node groups its libvirt URI.
    ClusterRole plain = Chart.render("policy: {name: tenants}").named(ClusterRole.class, POLICY_READER);
    assertThat(grants(plain)).containsExactlyInAnyOrder("vmnetdiag.io/diagnosispolicies[tenants]:get",
        "vmnetdiag.io/diagnosispolicies[tenants]:list", "vmnetdiag.io/diagnosispolicies[tenants]:watch",
        "/namespaces:get", "/namespaces:list", "/namespaces:watch", "/nodes:get");

    ClusterRole withGroups = Chart.render("libvirt: {nodeGroups: [{nodeSelector: {pool: edge}, uri: \"test:///x\"}]}")
        .named(ClusterRole.class, POLICY_READER);
    assertThat(grants(withGroups)).contains("/nodes:get");
  }

  @Test
  void libvirtUrisReachTheOperatorAsItsSettings() {
    Deployment deployment = Chart.render("""
        libvirt:
          uri: qemu+unix:///system?socket=/var/run/libvirt/libvirt-sock
          nodeGroups: [{nodeSelector: {pool: lab}, uri: "test:///lab/node.xml"}]
        """).single(Deployment.class);

    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("VMNETDIAG_LIBVIRT_URI=qemu+unix:///system?socket=/var/run/libvirt/libvirt-sock",
            "VMNETDIAG_LIBVIRT_NODE_GROUPS=[{\"nodeSelector\":{\"pool\":\"lab\"},\"uri\":\"test:///lab/node.xml\"}]");
  }

  @Test
  void remoteLibvirtUrisAreRefusedBeforeAnythingIsInstalled() {
    assertThatThrownBy(() -> Chart.render("libvirt: {uri: \"qemu+ssh://root@other/system\"}"))
        .hasMessageContaining("values don't meet the specifications of the schema");
    assertThatThrownBy(() -> Chart.render("libvirt: {nodeGroups: [{nodeSelector: {a: b}, uri: \"qemu+tcp://x/system\"}]}"))
        .hasMessageContaining("values don't meet the specifications of the schema");
    assertThat(Chart.render("libvirt: {uri: \"test:///lab/node.xml\"}").kinds()).contains("Deployment");
  }

  private static List<String> grants(ClusterRole role) {
    List<String> grants = new ArrayList<>();
    for (PolicyRule rule : role.getRules()) {
      String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? ""
          : rule.getResourceNames().toString();
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          grants.add(rule.getApiGroups().get(0) + "/" + resource + names + ":" + verb);
        }
      }
    }
    return grants;
  }
}
