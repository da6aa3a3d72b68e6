package io.vmnetdiag.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.Target;
import io.vmnetdiag.operator.capture.CapturePods;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What the operator's tests do to the cluster: create diagnoses, wait for pods and status, play the kubelet. */
final class TestingCluster implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private final KubernetesClient client;
  private final List<String> tenants = new ArrayList<>();

  TestingCluster(KubernetesClient client) {
    this.client = client;
  }

  /**
   * A tenant's namespace beside the test's own namespace (which plays the capture namespace, labelled privileged):
   * Pod Security restricted, as tenant namespaces stay; deleted on {@link #close()}.
   */
  String tenantNamespace(String captureNamespace, String suffix) {
    String name = captureNamespace + "-" + suffix;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, "restricted").endMetadata().build()).create();
    tenants.add(name);
    return name;
  }

  /** The operator's settings with the test's namespace as the capture namespace. */
  static OperatorSettings settings(OperatorSettings base, String captureNamespace) {
    return base.withCaptureNamespace(captureNamespace);
  }

  /**
   * Deletes the tenants' diagnoses while the operator still runs (its finalizer removes their capture pods), so no
   * later test's operator meets them, then the namespaces. Call before stopping the operator.
   */
  @Override
  public void close() {
    for (String ns : tenants) {
      client.resources(NetworkDiagnosis.class).inNamespace(ns).delete();
    }
    try {
      await().atMost(PATIENCE).until(() -> tenants.stream()
          .allMatch(ns -> client.resources(NetworkDiagnosis.class).inNamespace(ns).list().getItems().isEmpty()));
    } finally {
      // Whatever an operator did not get to (a test that stopped it) must not keep its namespace terminating.
      for (String ns : tenants) {
        client.resources(NetworkDiagnosis.class).inNamespace(ns).list().getItems().forEach(nd -> client.resource(nd)
            .edit(current -> {
              current.getMetadata().setFinalizers(List.of());
              return current;
            }));
        client.namespaces().withName(ns).delete();
      }
    }
  }

  /** A Node object no kubelet answers for (nothing runs its pods or finishes their deletion); delete it after. */
  Node bareNode(String name) {
    return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(existing -> existing.update());
  }

  /** The pods labelled as a diagnosis' (by UID), wherever they are. */
  List<Pod> podsOf(String captureNamespace, NetworkDiagnosis nd) {
    String uid = client.resource(nd).get().getMetadata().getUid();
    return client.pods().inNamespace(captureNamespace).withLabel(CapturePods.LABEL_DIAGNOSIS_UID, uid).list()
        .getItems();
  }

  /** The capture pod of a diagnosis' generation, once the operator created it in the capture namespace. */
  Pod awaitCapturePod(String captureNamespace, String namespace, String name, long generation) {
    return awaitPod(captureNamespace, CapturePods.podName(namespace, name, generation));
  }

  /** Waits until the pod is gone. */
  void awaitNoPod(String namespace, String name) {
    await().atMost(PATIENCE).until(() -> client.pods().inNamespace(namespace).withName(name).get() == null);
  }

  Pod awaitPod(String namespace, String name) {
    return await().atMost(PATIENCE).until(() -> client.pods().inNamespace(namespace).withName(name).get(),
        p -> p != null);
  }

  NetworkDiagnosis awaitStatus(String namespace, String name, Predicate<NetworkDiagnosisStatus> done) {
    return await().atMost(PATIENCE).until(
        () -> client.resources(NetworkDiagnosis.class).inNamespace(namespace).withName(name).get(),
        nd -> nd != null && nd.getStatus() != null && done.test(nd.getStatus()));
  }

  /** Ends the agent container as a kubelet reports it: exit code, termination message, pod phase. */
  void terminate(Pod pod, String message, int exitCode) {
    Pod fresh = client.pods().inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName()).get();
    fresh.setStatus(new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(new ContainerStatusBuilder().withName(CapturePods.CONTAINER)
            .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
            .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState().build())
        .build());
    client.resource(fresh).updateStatus();
  }

  /** Writes the pod's status as its kubelet would. */
  void podStatus(Pod pod, PodStatus status) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .editStatus(p -> {
          p.setStatus(status);
          return p;
        });
  }

  /** Sets the node's Ready condition as its kubelet or the node controller would; {@code since} its transition. */
  void nodeReady(String node, String status, String reason, Instant since) {
    client.nodes().withName(node).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
        .withConditions(new NodeConditionBuilder().withType("Ready").withStatus(status)
            .withReason(reason).withLastTransitionTime(since.toString()).withLastHeartbeatTime(since.toString())
            .build())
        .endStatus().build());
  }

  /** The report with the pod's run echoed, as the agent does: read from the request in the pod's environment. */
  static AgentReport echo(Pod pod, AgentReport report) {
    report.setRun(request(pod).getRun());
    return report;
  }

  /** The request the operator put in the capture pod's environment. */
  static CaptureRequest request(Pod pod) {
    String json = pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> CaptureRequest.ENV.equals(e.getName())).findFirst().orElseThrow().getValue();
    try {
      return new ObjectMapper().readValue(json, CaptureRequest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static NetworkDiagnosis libvirtDiagnosis(String namespace, String name, String node, String domain) {
    LibvirtTarget libvirt = new LibvirtTarget();
    libvirt.setNode(node);
    libvirt.setDomain(domain);
    Target target = new Target();
    target.setLibvirt(libvirt);
    NetworkDiagnosisSpec spec = new NetworkDiagnosisSpec();
    spec.setTarget(target);
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName(name);
    nd.getMetadata().setNamespace(namespace);
    nd.setSpec(spec);
    return nd;
  }

  /** Whether the status has the condition with that reason yet; a status being built may have no conditions. */
  static boolean reasonIs(NetworkDiagnosisStatus status, String type, String reason) {
    return status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && reason.equals(c.getReason()));
  }

  static DiagnosisCondition condition(NetworkDiagnosisStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
