package io.vmnetdiag.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.Target;
import io.vmnetdiag.operator.capture.CapturePods;
import java.time.Duration;
import java.util.function.Predicate;

/** What the operator's tests do to the cluster: create diagnoses, wait for pods and status, play the kubelet. */
final class TestingCluster {
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private final KubernetesClient client;

  TestingCluster(KubernetesClient client) {
    this.client = client;
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

  static DiagnosisCondition condition(NetworkDiagnosisStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
