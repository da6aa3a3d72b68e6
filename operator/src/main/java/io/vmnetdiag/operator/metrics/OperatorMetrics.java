package io.vmnetdiag.operator.metrics;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vmnetdiag.operator.status.StatusObserver;

/**
 * Every meter of the operator in one Prometheus registry: JOSDK's (reconciliations, per resource type only, so
 * no diagnosis name becomes a label), the project's own (from written statuses), the capture pods running, the JVM.
 */
public final class OperatorMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DiagnosisMetrics diagnoses = new DiagnosisMetrics(registry);
  private final Metrics josdk = MicrometerMetrics.withoutPerResourceMetrics(registry);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private CapturePodGauge capturePods;

  public OperatorMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** What JOSDK reports into. */
  public Metrics josdk() {
    return josdk;
  }

  /** What the status writer tells of each status. */
  public StatusObserver statusObserver() {
    return diagnoses;
  }

  /** Starts counting the capture pods in {@code captureNamespace}; once. */
  public synchronized void watchCapturePods(KubernetesClient client, String captureNamespace) {
    if (capturePods == null) {
      capturePods = new CapturePodGauge(client, captureNamespace, registry);
    }
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public synchronized void close() {
    if (capturePods != null) {
      capturePods.close();
    }
    gc.close();
    registry.close();
  }
}
