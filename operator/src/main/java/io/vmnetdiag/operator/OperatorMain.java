package io.vmnetdiag.operator;

import io.javaoperatorsdk.operator.Operator;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vmnetdiag.operator.alerts.AlertReceiver;
import io.vmnetdiag.operator.alerts.AlertSettings;
import io.vmnetdiag.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;

/** Entry point of the operator process in the cluster. */
public final class OperatorMain {
  private OperatorMain() {
  }

  public static void main(String[] args) {
    try {
      LogSettings.check(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("vmnetdiag operator: " + e.getMessage());
      System.exit(2);
    }
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    OperatorMetrics metrics = new OperatorMetrics();
    Operator operator = VmnetdiagOperator.create(null, settings, Clock.systemUTC(), true, metrics);
    if (settings.healthPort() > 0) {
      // Started first, so liveness holds while a standby waits for the lease; /metrics shares the port.
      new HealthServer(operator, settings.healthPort(), settings.leaseNamespace() != null).serveMetrics(metrics).start();
    }
    AlertSettings alerts = AlertSettings.fromEnvironment(System.getenv());
    if (alerts.enabled()) {
      // Every replica receives alerts: creating a diagnosis needs no leader lease.
      new AlertReceiver(new KubernetesClientBuilder().build(), settings.watchNamespaces(), alerts, Clock.systemUTC())
          .start();
    }
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
  }
}
