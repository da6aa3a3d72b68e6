package io.vmnetdiag.operator;

import io.javaoperatorsdk.operator.Operator;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vmnetdiag.operator.alerts.AlertReceiver;
import io.vmnetdiag.operator.alerts.AlertSettings;
import java.time.Clock;
import java.time.Duration;

/** Entry point of the operator process in the cluster. */
public final class OperatorMain {
  private OperatorMain() {
  }

  public static void main(String[] args) {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    Operator operator = VmnetdiagOperator.create(null, settings);
    if (settings.healthPort() > 0) {
      // Started first, so liveness holds while a standby waits for the lease.
      new HealthServer(operator, settings.healthPort(), settings.leaseNamespace() != null).start();
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
