package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** alerts.enabled: the receiver's env, port, token Secret mount, Service and RBAC; none of it otherwise. */
class AlertsChartTest {
  private static final String ENABLED = "alerts: {enabled: true, port: 9443, tokenSecret: {name: am-token, key: t},"
      + " createsPerSecond: 0.5, burst: 7}";

  @Test
  void enabledRendersTheReceiverItsServiceAndItsGrants() {
    Chart.Rendered rendered = Chart.render(ENABLED);
    Container operator = rendered.single(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = operator.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

    assertThat(env).containsEntry("VMNETDIAG_ALERTS_PORT", "9443")
        .containsEntry("VMNETDIAG_ALERTS_TOKEN_FILE", "/etc/vmnetdiag/alerts/token")
        .containsEntry("VMNETDIAG_ALERTS_CREATES_PER_SECOND", "0.5")
        .containsEntry("VMNETDIAG_ALERTS_BURST", "7");
    assertThat(operator.getPorts()).anySatisfy(p -> {
      assertThat(p.getName()).isEqualTo("alerts");
      assertThat(p.getContainerPort()).isEqualTo(9443);
    });
    var volume = rendered.single(Deployment.class).getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("alerts-token")).findFirst().orElseThrow();
    assertThat(volume.getSecret().getSecretName()).isEqualTo("am-token");
    assertThat(volume.getSecret().getItems()).singleElement()
        .satisfies(item -> assertThat(item.getKey() + "->" + item.getPath()).isEqualTo("t->token"));
    assertThat(operator.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/etc/vmnetdiag/alerts");
      assertThat(m.getReadOnly()).isTrue();
    });

    Service service = rendered.named(Service.class, "vmnetdiag-operator-alerts");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(rendered.single(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(9443);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("alerts");
    });
    assertThat(grants(rendered.named(ClusterRole.class, "vmnetdiag-operator").getRules()))
        .contains("vmnetdiag.io/diagnosistriggers:list", "vmnetdiag.io/diagnosistriggers:watch",
            "vmnetdiag.io/diagnosistriggers/status:update", "vmnetdiag.io/networkdiagnoses:create");
  }

  @Test
  void aTlsSecretIsMountedForHttpsAndMtls() {
    Chart.Rendered rendered = Chart.render("alerts: {enabled: true, tokenSecret: {name: \"\"}, tls: {secretName: am-tls}}");
    var pod = rendered.single(Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("VMNETDIAG_ALERTS_TLS_DIR");
      assertThat(e.getValue()).isEqualTo("/etc/vmnetdiag/alerts-tls");
    });
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).contains("alerts-tls").doesNotContain("alerts-token");
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("alerts-tls"))
        .singleElement().satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("am-tls"));
  }

  @Test
  void neitherTokenNorTlsIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.render(
        "alerts: {enabled: true, tokenSecret: {name: \"\"}}")).hasMessageContaining("alerts.tokenSecret.name");
  }

  @Test
  void namespacedOperatorsGetTheTriggerGrantsInTheirNamespacesOnly() {
    Chart.Rendered rendered = Chart.render(ENABLED + "\nwatchNamespaces: [vms]");

    assertThat(grants(rendered.named(Role.class, "vmnetdiag-operator").getRules()))
        .contains("vmnetdiag.io/diagnosistriggers:list", "vmnetdiag.io/networkdiagnoses:create");
  }

  @Test
  void disabledByDefaultRendersNoneOfIt() {
    Chart.Rendered rendered = Chart.render(null);

    // The metrics Service stays (on by default); the alerts' own Service goes.
    assertThat(rendered.objects()).noneMatch(o -> "Service".equals(o.getKind())
        && o.getMetadata().getName().endsWith("-alerts"));
    assertThat(rendered.single(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).noneMatch(name -> name.startsWith("VMNETDIAG_ALERTS_"));
    assertThat(grants(rendered.named(ClusterRole.class, "vmnetdiag-operator").getRules()))
        .noneMatch(g -> g.contains("diagnosistriggers") || g.endsWith("networkdiagnoses:create"));
  }

  private static List<String> grants(List<PolicyRule> rules) {
    List<String> grants = new ArrayList<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          rule.getVerbs().forEach(verb -> grants.add(group + "/" + resource + ":" + verb));
        }
      }
    }
    return grants;
  }
}
