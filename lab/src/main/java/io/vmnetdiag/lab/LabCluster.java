package io.vmnetdiag.lab;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.lab.kubelet.ContainerCommands;
import io.vmnetdiag.lab.kubelet.LabKubelet;
import io.vmnetdiag.operator.HealthServer;
import io.vmnetdiag.operator.OperatorSettings;
import io.vmnetdiag.operator.VmnetdiagOperator;
import io.vmnetdiag.operator.metrics.OperatorMetrics;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestingNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The Kubernetes side of a lab, as the chart and an administrator set it up: the real control plane with the CRDs,
 * a restricted tenant namespace for diagnoses, a privileged capture namespace, one lab node whose pods the lab
 * kubelet runs in a network namespace, the lab's DiagnosisPolicy and the operator in-process (its /metrics on a free
 * port). Built in two steps so that objects another controller would own (a VMI, its virt-launcher pod) can exist
 * before the kubelet and operator start.
 */
public final class LabCluster implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String captureNamespace;
  private final String nodeName;
  private final TestingNode node;
  private final LabKubelet kubelet;
  private final LabPolicy policy;
  private final OperatorSettings settings;
  private Operator operator;
  private OperatorMetrics metrics;
  private HealthServer metricsServer;

  /**
   * @param id unique to the lab: names its namespaces and policy
   * @param settings the operator's settings beside the capture namespace and policy, which this sets
   */
  public LabCluster(String id, String nodeName, String domain, UnaryOperator<OperatorSettings> settings) {
    ControlPlane controlPlane = ControlPlane.shared();
    this.client = controlPlane.adminClient();
    ControlPlane.installCrd(client);
    this.namespace = "vms-" + id;
    this.captureNamespace = "vmnetdiag-capture-" + id;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, "restricted").endMetadata().build()).create();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(captureNamespace)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, "privileged").endMetadata().build()).create();
    this.nodeName = nodeName;
    this.node = new TestingNode(controlPlane, client, nodeName);
    this.kubelet = new LabKubelet(client, node, ContainerCommands.ofThisJvm());
    this.policy = LabPolicy.create(client, "lab-" + id, namespace, nodeName, domain);
    this.settings = settings.apply(OperatorSettings.defaults()).withCaptureNamespace(captureNamespace)
        .withPolicyName(policy.name());
  }

  /** Starts the lab kubelet, running the node's pods in network namespace {@code netns}, and the operator. */
  public LabCluster start(String netns) {
    kubelet.addNode(nodeName, netns).start();
    metrics = new OperatorMetrics();
    operator = VmnetdiagOperator.create(client, settings, metrics);
    metricsServer = new HealthServer(operator, 0, false).serveMetrics(metrics).start();
    operator.start();
    return this;
  }

  /** The port of the operator's /metrics (and health endpoints), bound as the chart binds it; scrape it on loopback. */
  public int metricsPort() {
    return metricsServer.port();
  }

  /** The lab node's kubelet, to make it play a fault ({@link LabKubelet#fault}). */
  public LabKubelet kubelet() {
    return kubelet;
  }

  public KubernetesClient client() {
    return client;
  }

  /** The namespace the lab's diagnoses live in (Pod Security restricted). */
  public String namespace() {
    return namespace;
  }

  /** The namespace the lab's capture pods run in (Pod Security privileged). */
  public String captureNamespace() {
    return captureNamespace;
  }

  LabPolicy policy() {
    return policy;
  }

  /** Applies a diagnosis and waits until the operator completes it. */
  public NetworkDiagnosis diagnose(NetworkDiagnosis nd, Duration timeout) {
    client.resource(nd).create();
    return client.resources(NetworkDiagnosis.class).inNamespace(nd.getMetadata().getNamespace())
        .withName(nd.getMetadata().getName())
        .waitUntilCondition(r -> r != null && r.getStatus() != null && r.getStatus().getCompletionTime() != null,
            timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    try {
      // While the operator runs: its finalizer removes each diagnosis' capture pod, then lets the diagnosis go.
      client.resources(NetworkDiagnosis.class).inNamespace(namespace).delete();
      client.resources(NetworkDiagnosis.class).inNamespace(namespace).informOnCondition(List::isEmpty)
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the namespaces go below anyway; a diagnosis the operator could not finish must not stop the cleanup
    } finally {
      if (operator != null) {
        operator.stop();
        metricsServer.close();
        metrics.close();
      }
      kubelet.close();
      node.close();
      policy.close();
      client.namespaces().withName(namespace).delete();
      client.namespaces().withName(captureNamespace).delete();
      client.close();
    }
  }
}
