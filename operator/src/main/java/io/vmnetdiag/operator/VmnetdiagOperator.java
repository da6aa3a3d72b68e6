package io.vmnetdiag.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;

/** Builds the JOSDK operator with the NetworkDiagnosis controller registered. */
public final class VmnetdiagOperator {
  private VmnetdiagOperator() {
  }

  /**
   * @param client the client to use, or null for the one from the environment (kubeconfig / in-cluster)
   */
  public static Operator create(KubernetesClient client, OperatorSettings settings) {
    return create(client, settings, Clock.systemUTC());
  }

  /** As {@link #create(KubernetesClient, OperatorSettings)}, with the clock deadlines are measured by. */
  public static Operator create(KubernetesClient client, OperatorSettings settings, Clock clock) {
    Operator operator = new Operator(overrider -> {
      if (client != null) {
        overrider.withKubernetesClient(client).withCloseClientOnStop(false);
      }
      // Status is written with plain updates, which every API server (and the test server) accepts.
      overrider.withUseSSAToPatchPrimaryResource(false);
    });
    operator.register(new NetworkDiagnosisReconciler(settings, clock));
    return operator;
  }
}
