package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.TestingCluster.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import io.vmnetdiag.testkit.TestingNode;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KubeVirt targets against the real API server: VMIs and virt-launcher pods shaped as KubeVirt writes them (the
 * VMI CRD is the testkit's stand-in). A resolvable VMI gets a capture pod on its node whose request names the
 * launcher pod, interface and binding; every other case ends final with its own reason and one event, no capture
 * pod and no further reconciles.
 */
@ExtendWith(ControlPlaneExtension.class)
class KubevirtTargetTest {
  /** Nodes of this test alone (kubelets that finish pod deletions), so no other test's pod takes a slot. */
  private static final String NODE = "node-kv";
  private static final String OLD_NODE = "node-kv-old";
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;
  private TestingKubevirt kubevirt;
  private TestingNode oldNode;
  private String captureNs;
  private String ns;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace, NODE, UnaryOperator.identity(), Clock.systemUTC());
    oldNode = new TestingNode(controlPlane, client, OLD_NODE);
    this.client = client;
    cluster = bed.cluster;
    kubevirt = new TestingKubevirt(client);
    captureNs = bed.captureNs;
    ns = bed.ns;
  }

  @AfterEach
  void stop() {
    bed.close();
    kubevirt.close();
    oldNode.close();
  }

  @Test
  void bridgeBoundVmiIsCapturedOnItsNodeFromItsLauncherPodWithHostPidAndSysAdminForItAlone() {
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", ns, "fedora-01", Map.of("NODE", NODE));
    Pod launcher = kubevirt.launcherPod(vmi, NODE, "Running");
    kubevirt.activePods(vmi, Map.of(launcher.getMetadata().getUid(), NODE));
    client.resource(TestingKubevirt.diagnosis(ns, "kv-bridge", "fedora-01", null)).create();
    client.resource(TestingCluster.libvirtDiagnosis(ns, "lv", NODE, "web-01")).create();

    Pod pod = cluster.awaitCapturePod(captureNs, ns, "kv-bridge", 1);
    CaptureRequest request = TestingCluster.request(pod);
    assertThat(request.getNode()).isEqualTo(NODE);
    assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE);
    assertThat(request.getDomain()).isNull();
    assertThat(request.getUri()).as("no libvirt connection for a VMI").isNull();
    assertThat(request.getRequiredOwner()).as("the owner tag is libvirt's").isNull();
    KubevirtCaptureTarget target = request.getKubevirt();
    assertThat(target.getNamespace()).isEqualTo(ns);
    assertThat(target.getVmi()).isEqualTo("fedora-01");
    assertThat(target.getLauncherPod()).isEqualTo(launcher.getMetadata().getName()).startsWith("virt-launcher-fedora-01-");
    assertThat(target.getLauncherPodUid()).isEqualTo(launcher.getMetadata().getUid());
    assertThat(target.getInterfaceName()).isEqualTo("default");
    assertThat(target.getBinding()).isEqualTo("bridge");
    assertThat(target.getMac()).isEqualTo("02:6a:85:00:00:0b");
    assertThat(target.getAddresses()).containsExactly("10.244.1.23", "fd10:244::117");
    assertThat(target.getPodInterfaceName()).isEqualTo("eth0");
    assertThat(target.isGuestAgentConnected()).isTrue();
    assertThat(target.getAddressSource()).isEqualTo(AddressSource.GuestAgent);
    assertThat(target.getGuestInterfaces()).extracting(GuestInterface::getName, GuestInterface::getMac)
        .containsExactly(tuple("eth0", "02:6a:85:00:00:0b"));
    // The agent enters the launcher's network namespace: host PIDs, CAP_SYS_PTRACE and CAP_SYS_ADMIN, no
    // libvirt socket.
    assertThat(pod.getSpec().getHostPID()).isTrue();
    assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getAdd())
        .containsExactlyInAnyOrder("NET_RAW", "NET_ADMIN", "SYS_PTRACE", "SYS_ADMIN");
    assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).doesNotContain("libvirt-socket");
    assertThat(condition(cluster.awaitStatus(ns, "kv-bridge", s -> s.getCapturePodUid() != null).getStatus(),
        "Captured").getReason()).isEqualTo("CapturePodCreated");

    // A libvirt diagnosis on the same node gets nothing more than before.
    Pod libvirtPod = cluster.awaitCapturePod(captureNs, ns, "lv", 1);
    assertThat(libvirtPod.getSpec().getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(libvirtPod.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getAdd())
        .containsExactlyInAnyOrder("NET_RAW", "NET_ADMIN");
    assertThat(libvirtPod.getSpec().getVolumes()).extracting(v -> v.getName()).contains("libvirt-socket");
  }

  @Test
  void masqueradeBoundVmiAfterAMigrationIsCapturedOnItsNewNodeFromThePodNetworkInterface() {
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-masquerade.yaml", ns, "fedora-02",
        Map.of("NODE", NODE, "OLD_NODE", OLD_NODE, "TARGET_POD", "virt-launcher-fedora-02-x7k2p"));
    Pod source = kubevirt.launcherPod(vmi, OLD_NODE, "Succeeded");
    Pod target = kubevirt.launcherPod(vmi, NODE, "Running");
    kubevirt.activePods(vmi, Map.of(target.getMetadata().getUid(), NODE));
    client.resource(TestingKubevirt.diagnosis(ns, "kv-masq", "fedora-02", null)).create();

    Pod pod = cluster.awaitCapturePod(captureNs, ns, "kv-masq", 1);
    CaptureRequest request = TestingCluster.request(pod);
    assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE);
    assertThat(request.getNode()).isEqualTo(NODE);
    assertThat(request.getKubevirt().getLauncherPodUid()).isEqualTo(target.getMetadata().getUid())
        .isNotEqualTo(source.getMetadata().getUid());
    assertThat(request.getKubevirt().getInterfaceName()).as("the pod network's, not the first").isEqualTo("default");
    assertThat(request.getKubevirt().getBinding()).isEqualTo("masquerade");
    assertThat(request.getKubevirt().getMac()).isEqualTo("02:6a:85:00:00:0c");
    assertThat(request.getKubevirt().getAddresses()).containsExactly("10.244.2.31");
    assertThat(request.getKubevirt().isGuestAgentConnected()).as("no AgentConnected condition").isFalse();
    assertThat(request.getKubevirt().getGuestInterfaces()).as("no connected agent, no guest view").isEmpty();
  }

  @Test
  void twoDiagnosesOfOneVmiTakeOneCaptureSlotTheSecondQueues() {
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", ns, "fedora-08", Map.of("NODE", NODE));
    Pod launcher = kubevirt.launcherPod(vmi, NODE, "Running");
    kubevirt.activePods(vmi, Map.of(launcher.getMetadata().getUid(), NODE));
    client.resource(TestingKubevirt.diagnosis(ns, "kv-first", "fedora-08", null)).create();
    cluster.awaitCapturePod(captureNs, ns, "kv-first", 1);
    client.resource(TestingKubevirt.diagnosis(ns, "kv-again", "fedora-08", null)).create();

    NetworkDiagnosis again = cluster.awaitStatus(ns, "kv-again", s -> TestingCluster.reasonIs(s, "Ready", "Queued"));
    assertThat(condition(again.getStatus(), "Captured").getMessage())
        .contains("VM kubevirt:" + ns + "/fedora-08 on node " + NODE, ns + "/kv-first");
  }

  @Test
  void vmiNotFoundEndsFinal() {
    assertFinal(TestingKubevirt.diagnosis(ns, "kv-missing", "nope", null), "VmiNotFound",
        "VirtualMachineInstance " + ns + "/nope does not exist");
  }

  @Test
  void vmiNotRunningEndsFinalWithItsPhase() {
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", ns, "fedora-03", Map.of("NODE", NODE));
    setStatus(vmi, "phase", "Scheduling");
    assertFinal(TestingKubevirt.diagnosis(ns, "kv-sched", "fedora-03", null), "VmiNotRunning",
        "is Scheduling, not Running");
  }

  @Test
  void migratingVmiEndsFinalAndIsNeverCapturedOnEitherNode() {
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-masquerade.yaml", ns, "fedora-04",
        Map.of("NODE", NODE, "OLD_NODE", OLD_NODE, "TARGET_POD", "virt-launcher-fedora-04-q9z1m"));
    Pod launcher = kubevirt.launcherPod(vmi, NODE, "Running");
    kubevirt.activePods(vmi, Map.of(launcher.getMetadata().getUid(), NODE));
    setStatus(vmi, "migrationState", Map.of("sourceNode", NODE, "targetNode", "node-kv-new",
        "targetPod", "virt-launcher-fedora-04-q9z1m", "mode", "PreCopy", "startTimestamp", "2026-12-01T12:05:00Z",
        "migrationUid", "0b6f4c8e-2a1d-4f3b-8c5e-7d9a1e2f3b4c"));
    assertFinal(TestingKubevirt.diagnosis(ns, "kv-moving", "fedora-04", null), "VmiMigrating",
        "is migrating from node " + NODE + " to node node-kv-new");
  }

  @Test
  void passtBindingEndsFinalAsNotSupported() {
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", ns, "fedora-05", Map.of("NODE", NODE));
    Pod launcher = kubevirt.launcherPod(vmi, NODE, "Running");
    kubevirt.activePods(vmi, Map.of(launcher.getMetadata().getUid(), NODE));
    client.genericKubernetesResources(VirtualMachineInstance.RESOURCE).inNamespace(ns)
        .withName("fedora-05").edit(current -> {
          Map<String, Object> passt = new HashMap<>(Map.of("name", "default"));
          passt.put("binding", Map.of("name", "passt"));
          spec(current).put("domain", Map.of("devices", Map.of("interfaces", List.of(passt))));
          return current;
        });
    assertFinal(TestingKubevirt.diagnosis(ns, "kv-passt", "fedora-05", null), "BindingNotSupported",
        "uses binding passt, which is not supported yet");
  }

  /**
   * The other bindings KubeVirt has, each on the network it is used with: slirp and a binding plugin on the pod
   * network, SR-IOV on a Multus network named by the diagnosis.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "slirp, slirp, , pod",
      "sriov, sriov, sriov-net, multus",
      "binding plugin, managedtap, , pod"})
  void otherBindingsEndFinalAsNotSupportedNamingTheBinding(String kind, String binding, String iface, String network) {
    String name = "fedora-b" + Math.abs(kind.hashCode() % 1000);
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", ns, name, Map.of("NODE", NODE));
    Pod launcher = kubevirt.launcherPod(vmi, NODE, "Running");
    kubevirt.activePods(vmi, Map.of(launcher.getMetadata().getUid(), NODE));
    String netName = iface == null ? "default" : iface;
    Map<String, Object> device = new HashMap<>(Map.of("name", netName));
    if ("binding plugin".equals(kind)) {
      device.put("binding", Map.of("name", binding));
    } else {
      device.put(binding, Map.of());
    }
    Map<String, Object> net = "pod".equals(network) ? Map.of("name", netName, "pod", Map.of())
        : Map.of("name", netName, "multus", Map.of("networkName", "sriov-vf-net"));
    client.genericKubernetesResources(VirtualMachineInstance.RESOURCE).inNamespace(ns).withName(name)
        .edit(current -> {
          spec(current).put("domain", Map.of("devices", Map.of("interfaces", List.of(device))));
          spec(current).put("networks", List.of(net));
          return current;
        });
    assertFinal(TestingKubevirt.diagnosis(ns, "kv-" + binding, name, iface), "BindingNotSupported",
        "Interface " + netName + " of VirtualMachineInstance " + ns + "/" + name + " uses binding " + binding
            + ", which is not supported yet (supported: bridge, masquerade)");
  }

  @Test
  void unknownInterfaceEndsFinalListingTheVmisInterfaces() {
    kubevirt.vmi("vmi-bridge.yaml", ns, "fedora-06", Map.of("NODE", NODE));
    assertFinal(TestingKubevirt.diagnosis(ns, "kv-iface", "fedora-06", "data"), "InterfaceNotFound",
        "has no interface data (interfaces: [default])");
  }

  @Test
  void missingLauncherPodEndsFinal() {
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", ns, "fedora-07", Map.of("NODE", NODE));
    kubevirt.activePods(vmi, Map.of("5b0c1f6e-0000-4000-8000-000000000007", NODE));
    assertFinal(TestingKubevirt.diagnosis(ns, "kv-nopod", "fedora-07", null), "LauncherPodNotFound",
        "No running virt-launcher pod of VirtualMachineInstance " + ns + "/fedora-07 on its node " + NODE);
  }

  /** Ends with the reason in every condition's place, one event, no capture pod, and no later reconcile writes. */
  private void assertFinal(NetworkDiagnosis nd, String reason, String messagePart) {
    client.resource(nd).create();
    String name = nd.getMetadata().getName();
    NetworkDiagnosis done = cluster.awaitStatus(ns, name, s -> s.getCompletionTime() != null);
    assertThat(condition(done.getStatus(), "Ready").getReason()).isEqualTo(reason);
    assertThat(condition(done.getStatus(), "Resolved").getStatus()).isEqualTo("False");
    assertThat(condition(done.getStatus(), "Resolved").getMessage()).contains(messagePart);
    assertThat(condition(done.getStatus(), "Captured").getReason()).isEqualTo(reason);
    try {
      Thread.sleep(Duration.ofSeconds(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    NetworkDiagnosis later = client.resource(done).get();
    assertThat(later.getMetadata().getResourceVersion()).as("nothing written after the final status")
        .isEqualTo(done.getMetadata().getResourceVersion());
    // Its own pods only: this operator also serves diagnoses other tests leave in their namespaces.
    assertThat(cluster.podsOf(captureNs, later)).isEmpty();
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> name.equals(e.getInvolvedObject().getName()))
        .extracting(e -> e.getReason() + "/" + e.getType()).containsExactly(reason + "/Warning");
  }

  private void setStatus(GenericKubernetesResource vmi, String field, Object value) {
    client.genericKubernetesResources(VirtualMachineInstance.RESOURCE)
        .inNamespace(ns).withName(vmi.getMetadata().getName()).edit(current -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> status = (Map<String, Object>) current.getAdditionalProperties().get("status");
          status.put(field, value);
          return current;
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource vmi) {
    return (Map<String, Object>) vmi.getAdditionalProperties().get("spec");
  }
}
