package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.KubevirtLab;
import io.vmnetdiag.lab.topology.LabTimes;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance;
import io.vmnetdiag.testkit.LabTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A KubeVirt target through the whole product: a NetworkDiagnosis names a VMI in the real API server, the operator
 * resolves it to its virt-launcher pod and node and schedules a capture pod (hostPID, the capabilities it grants), the
 * lab kubelet runs the agent with only those capabilities in the lab node's namespace, the agent finds the launcher's
 * namespace by the pod's UID in {@code /proc/*}{@code /cgroup}, captures the node's and the pod's hops, and the verdict
 * comes back into the status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "sysctl"}, controlPlane = true)
class KubevirtEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String VMI = "fedora-lab";
  private static Lab lab;

  /** The cluster side and the node side of one KubeVirt lab, wired by the launcher pod's UID. */
  private record Lab(LabCluster cluster, KubevirtLab node, Pod launcher) implements AutoCloseable {
    static Lab up() {
      String id = "kv" + UUID.randomUUID().toString().substring(0, 6);
      String nodeName = "lab-node-" + id;
      LabCluster cluster = new LabCluster(id, nodeName, VMI, settings -> settings);
      KubevirtLab node = null;
      try {
        // virt-controller's part: the VMI, its launcher pod on the node, running before the lab kubelet starts
        GenericKubernetesResource vmi = fixture(cluster.client(), "vmi-bridge.yaml", GenericKubernetesResource.class,
            Map.of("NAME", VMI, "NAMESPACE", cluster.namespace(), "NODE", nodeName));
        vmi = cluster.client().genericKubernetesResources(VirtualMachineInstance.RESOURCE)
            .inNamespace(cluster.namespace()).resource(vmi).create();
        Pod launcher = cluster.client().resource(fixture(cluster.client(), "virt-launcher-pod.yaml", Pod.class,
            Map.of("NAME", VMI, "NAMESPACE", cluster.namespace(), "NODE", nodeName,
                "VMI_UID", vmi.getMetadata().getUid()))).create();
        launcher.setStatus(new PodStatusBuilder().withPhase("Running").build());
        launcher = cluster.client().resource(launcher).updateStatus();
        // the node's part: the launcher's namespace with a process in the cgroup named by the pod's UID
        node = KubevirtLab.up(KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.bridge, launcher.getMetadata().getUid());
        report(cluster.client(), cluster.namespace(), launcher, node);
        cluster.start(node.nodeNamespace());
        return new Lab(cluster, node, launcher);
      } catch (RuntimeException e) {
        if (node != null) {
          node.close();
        }
        cluster.close();
        throw e;
      }
    }

    /** virt-handler's part: the interface as the VM reports it, and the active pod on the node. */
    private static void report(KubernetesClient client, String namespace, Pod launcher, KubevirtLab node) {
      client.genericKubernetesResources(VirtualMachineInstance.RESOURCE).inNamespace(namespace).withName(VMI)
          .edit(current -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) current.getAdditionalProperties().get("status");
            status.put("activePods", Map.of(launcher.getMetadata().getUid(), launcher.getSpec().getNodeName()));
            status.put("interfaces", List.of(Map.of("name", "default", "mac", node.vmMac(),
                "ipAddress", node.podIp(), "ipAddresses", List.of(node.podIp()), "interfaceName", "eth0",
                "infoSource", "domain, guest-agent", "podInterfaceName", "eth0", "queueCount", 1)));
            return current;
          });
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
  }

  @BeforeAll
  static void buildLab() {
    lab = LabTimes.up(KubevirtEndToEndTest.class, Lab::up);
  }

  @AfterAll
  static void tearDown() {
    LabTimes.down(KubevirtEndToEndTest.class, lab, down -> null);
  }

  @Test
  @Order(1)
  void bridgeBoundVmiWithAWedgedGuestIsFoundAtTheGuestWithThePodsHopsCaptured() throws Exception {
    lab.node().injectGuestReceiveFault();

    NetworkDiagnosis done = withTraffic(() -> lab.cluster().diagnose(diagnosis("kv-seed"), TIMEOUT));

    String yaml = asYaml(done);
    assertThat(done.getStatus().getVerdict()).as(yaml).isNotNull();
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("guest");
    assertThat(done.getStatus().getPath().getHops()).extracting(Hop::getInterfaceName).containsExactly(
        lab.node().uplink(), lab.node().cniBridge(), lab.node().podVeth(), "eth0-nic", "k6t-eth0", "tap0");
    for (HopRole inPod : List.of(HopRole.PodInterface, HopRole.PodBridge, HopRole.Tap)) {
      assertThat(hop(done, inPod).getToVm().total()).as(inPod + "\n" + yaml).isPositive();
    }
    assertThat(lab.cluster().client().pods().inNamespace(lab.cluster().captureNamespace()).list().getItems())
        .isEmpty();
  }

  @Test
  @Order(2)
  void healedGuestGivesAHealthyPath() throws Exception {
    lab.node().heal();

    NetworkDiagnosis done = withTraffic(() -> lab.cluster().diagnose(diagnosis("kv-healed"), TIMEOUT));

    assertThat(done.getStatus().getVerdict().getReason()).as(asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    assertThat(hop(done, HopRole.Uplink).getFromVm().replies()).isPositive();
  }

  private static NetworkDiagnosis diagnosis(String name) {
    return fixture(lab.cluster().client(), "networkdiagnosis.yaml", NetworkDiagnosis.class,
        Map.of("NAME", name, "NAMESPACE", lab.cluster().namespace(), "VMI", VMI));
  }

  /** Runs {@code diagnose} while a client pings the VM and the guest pings its gateway, as the agent test does. */
  private static NetworkDiagnosis withTraffic(Supplier<NetworkDiagnosis> diagnose) throws Exception {
    String podIp = lab.node().podIp();
    List<Process> pings = new ArrayList<>();
    try {
      pings.add(ping(lab.node().upstreamNamespace(), podIp));
      pings.add(ping(lab.node().vmNamespace(), podIp.substring(0, podIp.lastIndexOf('.')) + ".1"));
      return diagnose.get();
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

  private static HopObservation hop(NetworkDiagnosis nd, HopRole role) {
    return nd.getStatus().getHops().stream().filter(h -> h.getRole() == role).findFirst().orElseThrow();
  }

  private static String asYaml(NetworkDiagnosis nd) {
    NetworkDiagnosis shown = lab.cluster().client().getKubernetesSerialization().clone(nd);
    shown.getMetadata().setManagedFields(null);
    return lab.cluster().client().getKubernetesSerialization().asYaml(shown);
  }

  /** An object from a fixture in src/test/resources/kubevirt, its ${...} filled. */
  private static <T> T fixture(KubernetesClient client, String fixture, Class<T> type, Map<String, String> vars) {
    try (InputStream in = KubevirtEndToEndTest.class.getResourceAsStream("/kubevirt/" + fixture)) {
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
