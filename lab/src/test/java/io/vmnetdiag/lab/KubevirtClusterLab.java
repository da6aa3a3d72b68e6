package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.lab.topology.KubevirtLab;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The cluster side and the node side of one KubeVirt lab, wired by the launcher pod's UID: the VMI (from a fixture
 * in src/test/resources/kubevirt) and its launcher pod in the real API server, the node built by
 * {@code kubevirt-up.sh} for the VMI's binding, the lab kubelet and the operator.
 */
record KubevirtClusterLab(LabCluster cluster, KubevirtLab node, Pod launcher) implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final String VMI = "fedora-lab";

  /**
   * @param vmiFixture the VMI as virt-controller writes it, with the binding {@code binding} on its pod network
   * @param reportedInterface virt-handler's status.interfaces entry for it, given the node (its MAC and address)
   */
  static KubevirtClusterLab up(String vmiFixture, String binding, KubevirtLab.NodeSide nodeSide,
      java.util.function.Function<KubevirtLab, Map<String, Object>> reportedInterface) {
    return up(vmiFixture, binding, nodeSide, KubevirtLab.Guest.namespace, reportedInterface);
  }

  /** As above, with {@code guest} behind tap0. */
  static KubevirtClusterLab up(String vmiFixture, String binding, KubevirtLab.NodeSide nodeSide,
      KubevirtLab.Guest guest, java.util.function.Function<KubevirtLab, Map<String, Object>> reportedInterface) {
    String id = "kv" + UUID.randomUUID().toString().substring(0, 6);
    String nodeName = "lab-node-" + id;
    LabCluster cluster = new LabCluster(id, nodeName, VMI, UnaryOperator.identity());
    KubevirtLab node = null;
    try {
      // virt-controller's part: the VMI, its launcher pod on the node, running before the lab kubelet starts
      GenericKubernetesResource vmi = fixture(cluster.client(), vmiFixture, GenericKubernetesResource.class,
          Map.of("NAME", VMI, "NAMESPACE", cluster.namespace(), "NODE", nodeName));
      vmi = cluster.client().genericKubernetesResources(VirtualMachineInstance.RESOURCE)
          .inNamespace(cluster.namespace()).resource(vmi).create();
      Pod launcher = cluster.client().resource(fixture(cluster.client(), "virt-launcher-pod.yaml", Pod.class,
          Map.of("NAME", VMI, "NAMESPACE", cluster.namespace(), "NODE", nodeName,
              "VMI_UID", vmi.getMetadata().getUid()))).create();
      launcher.setStatus(new PodStatusBuilder().withPhase("Running").build());
      launcher = cluster.client().resource(launcher).updateStatus();
      // the node's part: the launcher's namespace with a process in the cgroup named by the pod's UID
      node = KubevirtLab.up(binding, nodeSide, launcher.getMetadata().getUid(), guest);
      // the kubelet's part: the pod's IP, once its network is up
      launcher.getStatus().setPodIP(node.podIp());
      launcher.getStatus().setPodIPs(List.of(new PodIP(node.podIp())));
      launcher = cluster.client().resource(launcher).updateStatus();
      String launcherUid = launcher.getMetadata().getUid();
      Map<String, Object> reported = reportedInterface.apply(node);
      // virt-handler's part: the interface as the VM reports it, and the active pod on the node
      editStatus(cluster, status -> {
        status.put("activePods", Map.of(launcherUid, nodeName));
        status.put("interfaces", List.of(reported));
      });
      cluster.start(node.nodeNamespace());
      return new KubevirtClusterLab(cluster, node, launcher);
    } catch (RuntimeException e) {
      if (node != null) {
        node.close();
      }
      cluster.close();
      throw e;
    }
  }

  /** Changes the VMI's status as KubeVirt's controllers would. */
  void editStatus(java.util.function.Consumer<Map<String, Object>> change) {
    editStatus(cluster, change);
  }

  private static void editStatus(LabCluster cluster, java.util.function.Consumer<Map<String, Object>> change) {
    cluster.client().genericKubernetesResources(VirtualMachineInstance.RESOURCE).inNamespace(cluster.namespace())
        .withName(VMI).edit(current -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> status = (Map<String, Object>) current.getAdditionalProperties().get("status");
          change.accept(status);
          return current;
        });
  }

  /** The user's diagnosis of the VMI's pod-network interface. */
  NetworkDiagnosis diagnosis(String name) {
    return fixture(cluster.client(), "networkdiagnosis.yaml", NetworkDiagnosis.class,
        Map.of("NAME", name, "NAMESPACE", cluster.namespace(), "VMI", VMI));
  }

  /**
   * Runs the diagnosis to its end while a client pings the VM and the namespace guest pings its gateway (the qemu
   * guest's own chatter is its traffic outwards).
   */
  NetworkDiagnosis diagnoseWithTraffic(String name) throws IOException, InterruptedException {
    List<Process> pings = new ArrayList<>();
    try {
      pings.add(ping(node.upstreamNamespace(), node.podIp()));
      if (!node.vmNamespace().isEmpty()) {
        pings.add(ping(node.vmNamespace(), node.guestGateway()));
      }
      return cluster.diagnose(diagnosis(name), TIMEOUT);
    } finally {
      for (Process process : pings) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static Process ping(String namespace, String address) throws IOException {
    return new ProcessBuilder("ip", "netns", "exec", namespace, "ping", "-q", "-i", "0.2", "-W", "1", address)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  static HopObservation hop(NetworkDiagnosis nd, HopRole role) {
    return nd.getStatus().getHops().stream().filter(h -> h.getRole() == role).findFirst().orElseThrow();
  }

  String asYaml(NetworkDiagnosis nd) {
    NetworkDiagnosis shown = cluster.client().getKubernetesSerialization().clone(nd);
    shown.getMetadata().setManagedFields(null);
    return cluster.client().getKubernetesSerialization().asYaml(shown);
  }

  @Override
  public void close() {
    try {
      // no kubelet confirms the launcher pod's deletion: remove it at once
      cluster.client().pods().inNamespace(cluster.namespace()).withName(launcher.getMetadata().getName())
          .withGracePeriod(0).delete();
      cluster.close();
    } finally {
      node.close();
    }
  }

  /** An object from a fixture in src/test/resources/kubevirt, its ${...} filled. */
  static <T> T fixture(KubernetesClient client, String fixture, Class<T> type, Map<String, String> vars) {
    try (InputStream in = KubevirtClusterLab.class.getResourceAsStream("/kubevirt/" + fixture)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> var : vars.entrySet()) {
        text = text.replace("${" + var.getKey() + "}", var.getValue());
      }
      assertThat(text).as(fixture + " has unfilled variables").doesNotContain("${");
      return client.getKubernetesSerialization().unmarshal(text, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
