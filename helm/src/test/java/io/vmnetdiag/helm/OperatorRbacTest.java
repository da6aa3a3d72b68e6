package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorRbacTest {

  /**
   * Everything the operator does, as group/resource:verb; any widening of the role fails the test. That the
   * operator uses each of them is checked on the real API server (operator/src/test ChartRbacTest, from the
   * audit log): it found get on networkdiagnoses, networkdiagnoses/status and pods, and patch on events,
   * granted but never used.
   */
  private static final List<String> GRANTS = List.of(
      "vmnetdiag.io/networkdiagnoses:list",
      "vmnetdiag.io/networkdiagnoses:watch",
      "vmnetdiag.io/networkdiagnoses:patch",
      // spec.ttlSecondsAfterFinished: the operator deletes an expired one-shot diagnosis
      "vmnetdiag.io/networkdiagnoses:delete",
      "vmnetdiag.io/networkdiagnoses/status:update",
      "vmnetdiag.io/networkdiagnoses/status:patch",
      "/events:create",
      // KubeVirt targets: the VMI, and its virt-launcher pod found by label among the namespace's pods
      "kubevirt.io/virtualmachineinstances:get",
      "/pods:list");

  /** Capture pods, granted in the capture namespace alone: no tenant namespace's pods are the operator's. */
  private static final List<String> CAPTURE_GRANTS = List.of(
      "/pods:get",
      "/pods:list",
      "/pods:watch",
      "/pods:create",
      "/pods:delete",
      "/pods/log:get",
      // a pending capture pod's FailedMount events
      "/events:list");
  private static final String CAPTURE_ROLE = "vmnetdiag-operator-capture";

  /**
   * What leader election does with its Lease: fabric8's LeaseLock gets, creates and patches it (renewals),
   * JOSDK checks for update before it starts; its SelfSubjectRulesReview needs no grant. Found on the real
   * server by operator/src/test ChartRbacTest: without patch the leader lost its lease after 10 s.
   */
  private static final List<String> LEASE_GRANTS = List.of(
      "coordination.k8s.io/leases:get",
      "coordination.k8s.io/leases:create",
      "coordination.k8s.io/leases:update",
      "coordination.k8s.io/leases:patch");

  private static final String LEASE_ROLE = "vmnetdiag-operator-leader-election";

  private final ClusterRole role = Chart.render(null).named(ClusterRole.class, "vmnetdiag-operator");

  @Test
  void grantsExactlyWhatTheOperatorUses() {
    assertThat(grants(role.getRules())).containsExactlyInAnyOrderElementsOf(GRANTS);
  }

  @Test
  void podsAreWrittenInTheCaptureNamespaceOnly() {
    Chart.Rendered rendered = Chart.render("capture: {namespace: vm-captures}");
    Role capture = roles(rendered).stream().filter(r -> r.getMetadata().getName().equals(CAPTURE_ROLE))
        .findFirst().orElseThrow();
    RoleBinding binding = rendered.objects().stream().filter(RoleBinding.class::isInstance)
        .map(RoleBinding.class::cast).filter(b -> b.getMetadata().getName().equals(CAPTURE_ROLE)).findFirst()
        .orElseThrow();

    assertThat(capture.getMetadata().getNamespace()).isEqualTo("vm-captures");
    assertThat(grants(capture.getRules())).containsExactlyInAnyOrderElementsOf(CAPTURE_GRANTS);
    assertNothingNamedOrNonResource(capture.getRules());
    assertBindsToTheOperatorAccount(binding, CAPTURE_ROLE, "vm-captures");
    // In tenant namespaces the operator only lists pods (a VMI's virt-launcher): never creates, deletes or reads logs.
    assertThat(grants(rendered.named(ClusterRole.class, "vmnetdiag-operator").getRules()))
        .filteredOn(g -> g.startsWith("/pods")).containsExactly("/pods:list");
  }

  @Test
  void grantsNoNamedOrNonResourceAccessAndAggregatesNothing() {
    assertThat(role.getRules()).allSatisfy(rule -> {
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    });
    assertThat(role.getAggregationRule()).isNull();
  }

  @Test
  void canBeLeftToTheUser() {
    Chart.Rendered rendered = Chart.render("rbac: {create: false}");

    assertThat(rendered.kinds()).containsExactly("Deployment", "Namespace", "Service", "ServiceAccount",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
  }

  @Test
  void leaseRoleGrantsExactlyLeaderElectionInTheReleaseNamespace() {
    Chart.Rendered rendered = Chart.render(null);
    Role lease = roles(rendered).stream().filter(r -> r.getMetadata().getName().equals(LEASE_ROLE)).findFirst()
        .orElseThrow();
    RoleBinding binding = rendered.objects().stream().filter(RoleBinding.class::isInstance)
        .map(RoleBinding.class::cast).filter(b -> b.getMetadata().getName().equals(LEASE_ROLE)).findFirst()
        .orElseThrow();

    assertThat(lease.getMetadata().getName()).isEqualTo(LEASE_ROLE);
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(grants(lease.getRules())).containsExactlyInAnyOrderElementsOf(LEASE_GRANTS);
    assertNothingNamedOrNonResource(lease.getRules());
    assertBindsToTheOperatorAccount(binding, LEASE_ROLE, Chart.NAMESPACE);
  }

  @Test
  void noLeaseRoleWithoutLeaderElection() {
    Chart.Rendered rendered = Chart.render("operator: {leaderElection: false}");

    assertThat(roles(rendered)).extracting(r -> r.getMetadata().getName()).containsExactly(CAPTURE_ROLE);
    assertThat(grants(rendered.named(ClusterRole.class, "vmnetdiag-operator").getRules()))
        .containsExactlyInAnyOrderElementsOf(GRANTS);
  }

  @Test
  void watchedNamespacesGetTheOperatorsRulesInsteadOfAClusterRole() {
    Chart.Rendered rendered = Chart.render("watchNamespaces: [vms, lab]");
    List<Role> operatorRoles = roles(rendered).stream()
        .filter(role -> role.getMetadata().getName().equals("vmnetdiag-operator")).toList();

    assertThat(rendered.objects()).filteredOn(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding)
        .extracting(o -> o.getMetadata().getName()).as("only the policy reader is cluster-wide")
        .containsOnly(PolicyChartTest.POLICY_READER);
    assertThat(operatorRoles).extracting(role -> role.getMetadata().getNamespace()).containsExactly("vms", "lab");
    assertThat(operatorRoles).allSatisfy(role -> {
      assertThat(grants(role.getRules())).containsExactlyInAnyOrderElementsOf(GRANTS);
      assertNothingNamedOrNonResource(role.getRules());
    });
    for (String namespace : List.of("vms", "lab")) {
      RoleBinding binding = rendered.objects().stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
          .filter(b -> b.getMetadata().getNamespace().equals(namespace)).findFirst().orElseThrow();
      assertThat(binding.getMetadata().getName()).isEqualTo("vmnetdiag-operator");
      assertBindsToTheOperatorAccount(binding, "vmnetdiag-operator", namespace);
    }
  }

  @Test
  void watchingTheReleaseNamespaceKeepsTheLeaseRoleApart() {
    List<Role> roles = roles(Chart.render("watchNamespaces: [" + Chart.NAMESPACE + "]"));

    assertThat(roles).extracting(role -> role.getMetadata().getNamespace() + "/" + role.getMetadata().getName())
        .containsExactlyInAnyOrder(Chart.NAMESPACE + "/vmnetdiag-operator", Chart.NAMESPACE + "/" + LEASE_ROLE,
            "vmnetdiag-capture/" + CAPTURE_ROLE);
  }

  private static List<Role> roles(Chart.Rendered rendered) {
    return rendered.objects().stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
  }

  private static void assertNothingNamedOrNonResource(List<PolicyRule> rules) {
    assertThat(rules).allSatisfy(rule -> {
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    });
  }

  private static void assertBindsToTheOperatorAccount(RoleBinding binding, String role, String namespace) {
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(namespace);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role);
    assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
      assertThat(subject.getKind()).isEqualTo("ServiceAccount");
      assertThat(subject.getName()).isEqualTo("vmnetdiag-operator");
      assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
    });
  }

  private static List<String> grants(List<PolicyRule> rules) {
    List<String> grants = new ArrayList<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return grants;
  }
}
