package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultRenderTest {
  private final Chart.Rendered rendered = Chart.render(null);

  @Test
  void rendersTheOperatorItsIdentityItsMetricsServiceTheCaptureNamespaceAndTheAdmissionPolicyAndNothingElse() {
    assertThat(rendered.kinds()).containsExactly("ClusterRole", "ClusterRole", "ClusterRoleBinding",
        "ClusterRoleBinding", "Deployment", "Namespace", "Role", "Role", "RoleBinding", "RoleBinding", "Service", "ServiceAccount",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
  }

  @Test
  void captureNamespaceIsTheOnePrivilegedOneAndTheOperatorIsToldItsName() {
    Namespace capture = rendered.single(Namespace.class);

    assertThat(capture.getMetadata().getName()).isEqualTo("vmnetdiag-capture");
    assertThat(capture.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "privileged");
    assertThat(rendered.single(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> {
          assertThat(e.getName()).isEqualTo("VMNETDIAG_CAPTURE_NAMESPACE");
          assertThat(e.getValue()).isEqualTo("vmnetdiag-capture");
        });
    assertThat(Chart.render("capture: {createNamespace: false}").kinds()).doesNotContain("Namespace");
  }

  @Test
  void namespacedObjectsLandInTheReleaseNamespace() {
    assertThat(rendered.single(Deployment.class).getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(rendered.single(ServiceAccount.class).getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(rendered.objects()).filteredOn(o -> o instanceof RoleBinding)
        .filteredOn(o -> o.getMetadata().getName().endsWith("-leader-election")).singleElement()
        .satisfies(b -> assertThat(b.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE));
    assertThat(rendered.objects()).filteredOn(o -> o instanceof RoleBinding)
        .filteredOn(o -> o.getMetadata().getName().endsWith("-capture")).singleElement()
        .satisfies(b -> assertThat(b.getMetadata().getNamespace()).isEqualTo("vmnetdiag-capture"));
  }

  @Test
  void bindingTiesTheRoleToTheAccountTheDeploymentRunsAs() {
    ServiceAccount account = rendered.single(ServiceAccount.class);
    ClusterRole role = rendered.named(ClusterRole.class, "vmnetdiag-operator");
    ClusterRoleBinding binding = rendered.named(ClusterRoleBinding.class, "vmnetdiag-operator");
    Deployment deployment = rendered.single(Deployment.class);

    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
      assertThat(subject.getKind()).isEqualTo("ServiceAccount");
      assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
      assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
    });
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
  }

  @Test
  void objectsAreNamedAfterTheReleaseAndCarryStandardLabels() {
    for (HasMetadata object : rendered.objects()) {
      // The lease and capture Roles have names of their own: a watched namespace also gets the operator's Role.
      assertThat(object.getMetadata().getName()).as(object.getKind()).isIn(
          object.getKind().startsWith("Role") ? List.of("vmnetdiag-operator-leader-election", "vmnetdiag-operator-capture")
              : object.getKind().startsWith("ValidatingAdmissionPolicy") ? List.of("vmnetdiag-diagnosis-policy")
              : object instanceof Namespace ? List.of("vmnetdiag-capture")
              : List.of("vmnetdiag-operator", PolicyChartTest.POLICY_READER));
      assertThat(object.getMetadata().getLabels()).as(object.getKind())
          .containsEntry("app.kubernetes.io/name", "vmnetdiag")
          .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("helm.sh/chart", "vmnetdiag-0.1.0");
    }
  }

  @Test
  void deploymentSelectorMatchesItsPodTemplate() {
    Deployment deployment = rendered.single(Deployment.class);

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
  }
}
