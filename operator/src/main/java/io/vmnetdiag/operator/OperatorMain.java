package io.vmnetdiag.operator;

import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;

/** Entry point of the operator process in the cluster. */
public final class OperatorMain {
  private OperatorMain() {
  }

  public static void main(String[] args) {
    Operator operator = VmnetdiagOperator.create(null, OperatorSettings.fromEnvironment(System.getenv()));
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
  }
}
