package io.vmnetdiag.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.vmnetdiag.operator.metrics.OperatorMetrics;
import io.vmnetdiag.operator.status.StatusObserver;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the JOSDK operator with the NetworkDiagnosis controller registered. */
public final class VmnetdiagOperator {
  private static final Logger log = LoggerFactory.getLogger(VmnetdiagOperator.class);
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
    return create(client, settings, clock, true);
  }

  /** As {@link #create(KubernetesClient, OperatorSettings)}, reporting into {@code metrics}. */
  public static Operator create(KubernetesClient client, OperatorSettings settings, OperatorMetrics metrics) {
    return create(client, settings, Clock.systemUTC(), true, metrics);
  }

  /**
   * @param exitOnLostLease end the process when the leader lease is lost, so the pod restarts and queues for
   *     the lease again (in production); tests that stop the operator in-process pass false
   */
  static Operator create(KubernetesClient client, OperatorSettings settings, Clock clock, boolean exitOnLostLease) {
    return create(client, settings, clock, exitOnLostLease, null);
  }

  /**
   * As {@link #create(KubernetesClient, OperatorSettings, Clock, boolean)}, reporting into {@code metrics}
   * (JOSDK's meters, the statuses written, the capture pods running); null: no metrics.
   */
  static Operator create(KubernetesClient client, OperatorSettings settings, Clock clock, boolean exitOnLostLease,
      OperatorMetrics metrics) {
    Operator operator = new Operator(overrider -> {
      overrider.withConcurrentReconciliationThreads(OperatorSettings.RECONCILE_THREADS);
      if (metrics != null) {
        overrider.withMetrics(metrics.josdk());
      }
      if (client != null) {
        overrider.withKubernetesClient(client).withCloseClientOnStop(false);
      }
      if (settings.leaseNamespace() != null) {
        // Replicas beyond the first wait as hot standbys; only the lease holder reconciles.
        overrider.withLeaderElectionConfiguration(leaderElection(settings.leaseNamespace(), exitOnLostLease));
      }
    });
    StatusObserver observer = metrics == null ? StatusObserver.NONE : metrics.statusObserver();
    operator.register(new NetworkDiagnosisReconciler(settings, clock, observer), controller -> {
      if (!settings.watchNamespaces().isEmpty()) {
        controller.settingNamespaces(settings.watchNamespaces());
      }
    });
    if (metrics != null) {
      metrics.watchCapturePods(operator.getKubernetesClient(), settings.captureNamespace());
    }
    return operator;
  }

  private static LeaderElectionConfiguration leaderElection(String namespace, boolean exitOnLostLease) {
    // In a pod HOSTNAME is the pod name: the lease then says which replica leads.
    String identity = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank())
        .orElse("vmnetdiag-" + UUID.randomUUID());
    LeaderCallbacks callbacks = new LeaderCallbacks(
        () -> log.info("this replica ({}) leads: reconciling", identity),
        () -> log.warn("this replica ({}) lost the leader lease", identity),
        leader -> log.info("leader is {}", leader));
    return new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, namespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE, LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, identity, callbacks, exitOnLostLease);
  }
}
