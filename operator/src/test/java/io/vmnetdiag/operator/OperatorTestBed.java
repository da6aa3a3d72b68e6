package io.vmnetdiag.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.operator.metrics.OperatorMetrics;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.TestNamespace;
import io.vmnetdiag.testkit.TestingNode;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * One operator against the test's control plane: the test's namespace plays the capture namespace, a restricted
 * tenant namespace beside it holds the diagnoses, and a {@link TestingNode} answers for one node. Closed in the
 * order finalizers need: the diagnoses go while the operator still runs, then the operator, then the node.
 */
final class OperatorTestBed implements AutoCloseable {
  final KubernetesClient client;
  final TestingCluster cluster;
  final TestingNode node;
  /** The capture namespace (the test's own) and the tenant namespace the diagnoses live in. */
  final String captureNs;
  final String ns;
  final OperatorSettings settings;
  private final Clock clock;
  /** Where the operator reports its meters; null: no metrics. */
  private OperatorMetrics metrics;
  private Operator operator;

  private OperatorTestBed(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace, String nodeName,
      UnaryOperator<OperatorSettings> settings, Clock clock) {
    this.client = client;
    this.cluster = new TestingCluster(client);
    this.node = new TestingNode(controlPlane, client, nodeName);
    this.captureNs = namespace.name();
    this.ns = cluster.tenantNamespace(captureNs, "vms");
    this.settings = settings.apply(OperatorSettings.defaults().withCaptureNamespace(captureNs));
    this.clock = clock;
  }

  /** The bed with its operator running; {@code settings} adjusts the defaults (capture namespace already set). */
  static OperatorTestBed start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace,
      String nodeName, UnaryOperator<OperatorSettings> settings, Clock clock) {
    OperatorTestBed bed = new OperatorTestBed(controlPlane, client, namespace, nodeName, settings, clock);
    bed.startOperator();
    return bed;
  }

  static OperatorTestBed start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    return start(controlPlane, client, namespace, "node-a", UnaryOperator.identity(), Clock.systemUTC());
  }

  /** As {@link #start(ControlPlane, KubernetesClient, TestNamespace)}, the operator reporting into {@code metrics}. */
  static OperatorTestBed start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace,
      OperatorMetrics metrics) {
    OperatorTestBed bed = new OperatorTestBed(controlPlane, client, namespace, "node-a", UnaryOperator.identity(),
        Clock.systemUTC());
    bed.metrics = metrics;
    bed.startOperator();
    return bed;
  }

  Operator operator() {
    return operator;
  }

  void startOperator() {
    operator = VmnetdiagOperator.create(client, settings, clock, true, metrics);
    operator.start();
  }

  /** Stops the operator, as a crash or a rollout would; {@link #startOperator()} brings up a new one. */
  void stopOperator() {
    operator.stop();
    operator = null;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      if (operator != null) {
        operator.stop();
      }
      node.close();
    }
  }
}
