package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values a user sets show up where they belong. */
class ValuesOverridesTest {

  @Test
  void imageTagMovesOperatorAndCapturePodsTogether() {
    Container operator = operatorContainer(podOf(Chart.render("""
        image: {repository: registry.example.com:5000/mirror/vmnetdiag, tag: 0.2.0-rc1, pullPolicy: Always}
        """)));

    assertThat(operator.getImage()).isEqualTo("registry.example.com:5000/mirror/vmnetdiag:0.2.0-rc1");
    assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
    assertThat(OperatorDeploymentTest.env(operator)).containsEntry("VMNETDIAG_AGENT_IMAGE", operator.getImage());
  }

  @Test
  void imageDigestWinsOverTag() {
    String digest = "sha256:" + "ab".repeat(32);
    Container operator = operatorContainer(podOf(Chart.render("image: {tag: '9.9.9', digest: " + digest + "}")));

    assertThat(operator.getImage()).isEqualTo("ghcr.io/vmnetdiag/vmnetdiag@" + digest);
    assertThat(OperatorDeploymentTest.env(operator)).containsEntry("VMNETDIAG_AGENT_IMAGE", operator.getImage());
  }

  @Test
  void resourcesReplaceTheDefaults() {
    Container operator = operatorContainer(podOf(Chart.render("""
        operator:
          resources:
            requests: {cpu: 250m, memory: 384Mi}
            limits: {cpu: "1", memory: 1Gi}
        """)));

    assertThat(operator.getResources().getRequests())
        .containsEntry("cpu", new Quantity("250m")).containsEntry("memory", new Quantity("384Mi"));
    assertThat(operator.getResources().getLimits())
        .containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("1Gi"));
  }

  @Test
  void schedulingValuesReachThePod() {
    PodSpec pod = podOf(Chart.render("""
        operator:
          nodeSelector: {kubernetes.io/os: linux, node-role.kubernetes.io/infra: ""}
          tolerations:
            - {key: node-role.kubernetes.io/infra, operator: Exists, effect: NoSchedule}
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchExpressions:
                      - {key: kubernetes.io/arch, operator: In, values: [amd64]}
          priorityClassName: system-cluster-critical
        """));

    assertThat(pod.getNodeSelector())
        .containsEntry("kubernetes.io/os", "linux").containsEntry("node-role.kubernetes.io/infra", "");
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("node-role.kubernetes.io/infra");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues()).containsExactly("amd64");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
  }

  @Test
  void defaultsLeaveSchedulingToTheCluster() {
    PodSpec pod = podOf(Chart.render(null));

    assertThat(pod.getNodeSelector()).isNullOrEmpty();
    assertThat(pod.getTolerations()).isNullOrEmpty();
    assertThat(pod.getAffinity()).isNull();
    assertThat(pod.getImagePullSecrets()).isNullOrEmpty();
  }

  @Test
  void imagePullSecretsReachThePod() {
    PodSpec pod = podOf(Chart.render("imagePullSecrets: [{name: regcred}]"));

    assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred");
  }

  @Test
  void securityContextsCanBeTightenedOrAdapted() {
    PodSpec pod = podOf(Chart.render("""
        operator:
          podSecurityContext: {runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001}
          securityContext: {runAsUser: 10001}
        """));

    // Maps merge with the defaults, so adapting the user keeps the hardening.
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(operatorContainer(pod).getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(operatorContainer(pod).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void podLabelsAndAnnotationsAddToTheTemplate() {
    Deployment deployment = Chart.render("""
        operator:
          podLabels: {team: netops}
          podAnnotations: {example.com/scrape: "false"}
        """).single(Deployment.class);

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "netops");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/scrape", "false");
  }

  @Test
  void agentSettingsReachTheOperatorsEnvironment() {
    Container operator = operatorContainer(podOf(Chart.render("""
        agent: {libvirtSocketDir: /run/libvirt, startupGraceSeconds: 300, pcapHostDir: /srv/pcap}
        """)));

    assertThat(OperatorDeploymentTest.env(operator))
        .containsEntry("VMNETDIAG_LIBVIRT_SOCKET_DIR", "/run/libvirt")
        .containsEntry("VMNETDIAG_STARTUP_GRACE_SECONDS", "300")
        .containsEntry("VMNETDIAG_PCAP_HOST_DIR", "/srv/pcap");
  }

  @Test
  void anExistingServiceAccountIsUsedAndBoundInsteadOfANewOne() {
    Chart.Rendered rendered = Chart.render("serviceAccount: {create: false, name: ops-vmnetdiag}");

    assertThat(rendered.kinds()).doesNotContain("ServiceAccount");
    assertThat(podOf(rendered).getServiceAccountName()).isEqualTo("ops-vmnetdiag");
    assertThat(rendered.objects()).filteredOn(ClusterRoleBinding.class::isInstance).hasSize(2)
        .allSatisfy(b -> assertThat(((ClusterRoleBinding) b).getSubjects().get(0).getName()).isEqualTo("ops-vmnetdiag"));
    assertThat(rendered.objects()).filteredOn(o -> o instanceof RoleBinding).hasSize(2)
        .allSatisfy(b -> assertThat(((RoleBinding) b).getSubjects().get(0).getName()).isEqualTo("ops-vmnetdiag"));
  }

  @Test
  void serviceAccountAnnotationsAreKept() {
    ServiceAccount account = Chart.render("""
        serviceAccount: {annotations: {example.com/role: vmnetdiag}}
        """).single(ServiceAccount.class);

    assertThat(account.getMetadata().getAnnotations()).containsEntry("example.com/role", "vmnetdiag");
  }

  @Test
  void fullnameOverrideRenamesEveryObject() {
    Chart.Rendered rendered = Chart.render("fullnameOverride: netdiag");

    assertThat(rendered.objects()).filteredOn(o -> !"Namespace".equals(o.getKind()))
        .allSatisfy(o -> assertThat(o.getMetadata().getName())
            .isIn("netdiag-operator", "netdiag-operator-leader-election", "netdiag-operator-capture",
                "netdiag-operator-policy-reader", "netdiag-diagnosis-policy"));
  }

  @Test
  void zeroReplicasStopsTheOperator() {
    assertThat(Chart.render("operator: {replicas: 0}").single(Deployment.class).getSpec().getReplicas()).isZero();
  }

  @Test
  void leaderElectionLetsStandbysWait() {
    assertThat(Chart.render("operator: {replicas: 5}").single(Deployment.class).getSpec().getReplicas()).isEqualTo(5);
  }

  @Test
  void withoutLeaderElectionOneOperatorAndNeverTwoDuringARollout() {
    Deployment deployment = Chart.render("operator: {leaderElection: false}").single(Deployment.class);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate()).isNull();
    assertThat(OperatorDeploymentTest.env(operatorContainer(deployment.getSpec().getTemplate().getSpec())))
        .doesNotContainKey("VMNETDIAG_LEADER_ELECTION_NAMESPACE")
        .containsKeys("VMNETDIAG_HEALTH_PORT", "VMNETDIAG_WATCH_NAMESPACES");
  }

  @Test
  void watchNamespacesReachTheOperatorCommaJoined() {
    Container operator = operatorContainer(podOf(Chart.render("watchNamespaces: [vms, lab-2]")));

    assertThat(OperatorDeploymentTest.env(operator)).containsEntry("VMNETDIAG_WATCH_NAMESPACES", "vms,lab-2");
  }

  @Test
  void healthPortMovesTheEndpointAndTheProbesFollow() {
    Container operator = operatorContainer(podOf(Chart.render("operator: {healthPort: 9090}")));

    assertThat(OperatorDeploymentTest.env(operator)).containsEntry("VMNETDIAG_HEALTH_PORT", "9090");
    assertThat(operator.getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getContainerPort()).isEqualTo(9090);
      assertThat(port.getName()).isEqualTo(operator.getLivenessProbe().getHttpGet().getPort().getStrVal())
          .isEqualTo(operator.getReadinessProbe().getHttpGet().getPort().getStrVal());
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void capturePodValuesReachTheOperatorAsOneJsonVariable() {
    Container operator = operatorContainer(podOf(Chart.render("""
        capture:
          pod:
            resources: {requests: {memory: 200Mi}, limits: {cpu: "1"}}
            tolerations: [{key: dedicated, operator: Equal, value: vms, effect: NoSchedule}]
            priorityClassName: vm-diagnostics
            annotations: {example.com/team: net}
            imagePullSecrets: [{name: regcred}]
        """)));

    Map<String, Object> pod = Chart.parse(OperatorDeploymentTest.env(operator).get("VMNETDIAG_CAPTURE_POD"), Map.class);
    assertThat(pod).containsEntry("priorityClassName", "vm-diagnostics")
        .containsEntry("annotations", Map.of("example.com/team", "net"))
        .containsEntry("imagePullSecrets", List.of(Map.of("name", "regcred")))
        .containsEntry("tolerations", List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "vms",
            "effect", "NoSchedule")))
        .containsEntry("resources", Map.of("requests", Map.of("memory", "200Mi"), "limits", Map.of("cpu", "1")));
    assertThat(podOf(Chart.render("capture: {pod: {imagePullSecrets: [{name: regcred}]}}")).getImagePullSecrets())
        .as("the operator pod's pull secrets stay its own").isNullOrEmpty();
  }

  private static PodSpec podOf(Chart.Rendered rendered) {
    return rendered.single(Deployment.class).getSpec().getTemplate().getSpec();
  }

  private static Container operatorContainer(PodSpec pod) {
    return pod.getContainers().get(0);
  }
}
