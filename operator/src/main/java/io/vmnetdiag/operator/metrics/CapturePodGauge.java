package io.vmnetdiag.operator.metrics;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vmnetdiag.operator.capture.CapturePods;

/**
 * Capture pods running now, counted from an informer's cache of the capture namespace (its own watch, so a scrape
 * never calls the API server, and the reconciler's event source stays its own).
 */
final class CapturePodGauge implements AutoCloseable {
  static final String NAME = "vmnetdiag.capture.pods.running";

  private final SharedIndexInformer<Pod> informer;

  CapturePodGauge(KubernetesClient client, String captureNamespace, MeterRegistry registry) {
    informer = client.pods().inNamespace(captureNamespace).withLabelSelector(CapturePods.SELECTOR).inform();
    Gauge.builder(NAME, this, CapturePodGauge::running)
        .description("Capture pods in phase Running in the capture namespace").register(registry);
  }

  private double running() {
    return informer.getStore().list().stream()
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).count();
  }

  @Override
  public void close() {
    informer.close();
  }
}
