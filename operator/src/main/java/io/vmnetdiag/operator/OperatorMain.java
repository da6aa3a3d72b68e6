package io.vmnetdiag.operator;

import io.javaoperatorsdk.operator.Operator;
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
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
  }
}
