package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's /metrics behind a Service (and optionally a ServiceMonitor), and its log format and level. */
class MetricsChartTest {

  @Test
  void theServiceReachesTheOperatorPodsHealthPortWhereMetricsAreServed() {
    Chart.Rendered rendered = Chart.render("operator: {healthPort: 9090}");
    Service service = rendered.single(Service.class);
    Deployment deployment = rendered.single(Deployment.class);

    assertThat(service.getMetadata().getName()).isEqualTo("vmnetdiag-operator");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels())
        .containsAllEntriesOf(deployment.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("metrics");
      assertThat(port.getPort()).isEqualTo(9090);
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("health");
    });
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getPorts()).anySatisfy(p -> {
      assertThat(p.getName()).isEqualTo("health");
      assertThat(p.getContainerPort()).isEqualTo(9090);
    });
    assertThat(env(operator)).containsEntry("VMNETDIAG_HEALTH_PORT", "9090");
  }

  @Test
  void noServiceMonitorUnlessAskedAndNoServiceWhenTurnedOff() {
    assertThat(Chart.render(null).kinds()).doesNotContain("ServiceMonitor");
    assertThat(Chart.render("metrics: {service: false}").kinds()).doesNotContain("Service", "ServiceMonitor");
  }

  @Test
  void theServiceMonitorScrapesTheServicesMetricsPortWithTheGivenIntervalAndLabels() {
    Chart.Rendered rendered = Chart.render(
        "metrics: {serviceMonitor: {enabled: true, interval: 15s, labels: {release: prometheus}}}");
    GenericKubernetesResource monitor = rendered.objects().stream()
        .filter(o -> "ServiceMonitor".equals(o.getKind())).map(GenericKubernetesResource.class::cast)
        .findFirst().orElseThrow();
    Service service = rendered.single(Service.class);

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, Object> spec = monitor.get("spec");
    @SuppressWarnings("unchecked")
    Map<String, String> matchLabels = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(matchLabels);
    assertThat(monitor.<List<Map<String, Object>>>get("spec", "endpoints")).singleElement().satisfies(endpoint -> {
      assertThat(endpoint).containsEntry("port", "metrics").containsEntry("path", "/metrics")
          .containsEntry("interval", "15s");
    });
  }

  @Test
  void aServiceMonitorWithoutTheServiceIsRefused() {
    assertThatThrownBy(() -> Chart.render("metrics: {service: false, serviceMonitor: {enabled: true}}"))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service");
  }

  @Test
  void logFormatAndLevelReachTheOperatorAndOnlyKnownOnesAreAccepted() {
    Container operator = Chart.render("operator: {logFormat: json, logLevel: debug}").single(Deployment.class)
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(operator)).containsEntry("VMNETDIAG_LOG_FORMAT", "json").containsEntry("VMNETDIAG_LOG_LEVEL", "debug");
    Container defaults = Chart.render(null).single(Deployment.class).getSpec().getTemplate().getSpec().getContainers()
        .get(0);
    assertThat(env(defaults)).containsEntry("VMNETDIAG_LOG_FORMAT", "text").containsEntry("VMNETDIAG_LOG_LEVEL", "info");

    assertThatThrownBy(() -> Chart.render("operator: {logFormat: xml}")).hasMessageContaining("logFormat");
    assertThatThrownBy(() -> Chart.render("operator: {logLevel: verbose}")).hasMessageContaining("logLevel");
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
