package io.vmnetdiag.operator.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Condition;
import io.vmnetdiag.operator.kubevirt.KubevirtResolution.Resolved;
import io.vmnetdiag.operator.kubevirt.KubevirtResolution.Unresolved;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Devices;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Domain;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Interface;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.MigrationState;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Multus;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Network;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.NetworkInterface;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.PluginBinding;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Spec;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resolver's rules, one case per row: what the integration test (KubevirtTargetTest) does not reach. */
class VmiResolverTest {
  private static final String NODE = "node-1";
  private static final String POD_UID = "8d1f3b3d-d488-4963-9c1e-2f0a7b6c5d4e";
  private static final Map<String, Object> EMPTY = Map.of();

  @Test
  void aFailedMigrationLeavesTheVmiWhereItWasAndItIsCaptured() {
    Status status = running(new MigrationState(false, true, NODE, "node-2", "virt-launcher-a-zzzzz"));
    assertThat(resolve(null, vmi(List.of(iface("default", "bridge")), List.of(podNetwork("default")), status),
        launcher(NODE, "Running"))).isInstanceOf(Resolved.class);
  }

  @Test
  void everyBindingButBridgeAndMasqueradeIsNamedAsNotSupported() {
    for (String binding : List.of("sriov", "slirp", "passt", "macvtap", "l2bridge")) {
      Unresolved unresolved = (Unresolved) resolve(null,
          vmi(List.of(iface("default", binding)), List.of(podNetwork("default")), running(null)),
          launcher(NODE, "Running"));
      assertThat(unresolved.problem()).isEqualTo(VmiProblem.BindingNotSupported);
      assertThat(unresolved.message()).contains("uses binding " + binding + ", which is not supported yet");
    }
  }

  @Test
  void anInterfaceNamedOnAMultusNetworkIsNotSupportedYet() {
    VirtualMachineInstance vmi = vmi(List.of(iface("default", "masquerade"), iface("data", "bridge")),
        List.of(podNetwork("default"), new Network("data", null, new Multus("data-net", null))), running(null));
    Unresolved unresolved = (Unresolved) resolve("data", vmi, launcher(NODE, "Running"));
    assertThat(unresolved.problem()).isEqualTo(VmiProblem.BindingNotSupported);
    assertThat(unresolved.message()).contains("Multus network data-net");
  }

  @Test
  void noInterfaceOnThePodNetworkAsksForOneByName() {
    VirtualMachineInstance vmi = vmi(List.of(iface("data", "bridge")),
        List.of(new Network("data", null, new Multus("data-net", null))), running(null));
    Unresolved unresolved = (Unresolved) resolve(null, vmi, launcher(NODE, "Running"));
    assertThat(unresolved.problem()).isEqualTo(VmiProblem.InterfaceNotFound);
    assertThat(unresolved.message()).contains("name one in spec.target.kubevirt.interface (interfaces: [data])");
  }

  @Test
  void aLauncherPodNotRunningOrOnAnotherNodeIsNoLauncherPod() {
    VirtualMachineInstance vmi = vmi(List.of(iface("default", "bridge")), List.of(podNetwork("default")),
        running(null));
    assertThat(((Unresolved) resolve(null, vmi, launcher(NODE, "Pending"))).problem())
        .isEqualTo(VmiProblem.LauncherPodNotFound);
    assertThat(((Unresolved) resolve(null, vmi, launcher("node-2", "Running"))).problem())
        .isEqualTo(VmiProblem.LauncherPodNotFound);
  }

  @Test
  void withoutAStatusInterfaceTheSpecsMacServesAndNoAddressIsGuessed() {
    Interface iface = new Interface("default", "02:00:00:00:00:01", EMPTY, null, null, null, null, null, null);
    Status status = new Status(NODE, "Running", Map.of(POD_UID, NODE), null, List.of(), List.of());
    Resolved resolved = (Resolved) resolve(null, vmi(List.of(iface), List.of(podNetwork("default")), status),
        launcher(NODE, "Running"));
    assertThat(resolved.target().getMac()).isEqualTo("02:00:00:00:00:01");
    assertThat(resolved.target().getAddresses()).isEmpty();
    assertThat(resolved.target().getAddressSource()).isEqualTo(AddressSource.Unknown);
    assertThat(resolved.target().getPodInterfaceName()).isNull();
  }

  @Test
  void withoutAnAddressInTheVmiStatusTheLauncherPodsIpServesAndSaysSo() {
    Status status = new Status(NODE, "Running", Map.of(POD_UID, NODE), null,
        List.of(new NetworkInterface("default", "02:00:00:00:00:02", null, null, null, "eth0", "domain", null)),
        List.of());
    Pod pod = launcher(NODE, "Running");
    pod.getStatus().setPodIP("10.244.1.7");
    pod.getStatus().setPodIPs(List.of(new PodIP("10.244.1.7"), new PodIP("fd00::7")));
    Resolved resolved = (Resolved) resolve(null,
        vmi(List.of(iface("default", "masquerade")), List.of(podNetwork("default")), status), pod);
    assertThat(resolved.target().getAddresses()).containsExactly("10.244.1.7", "fd00::7");
    assertThat(resolved.target().getAddressSource()).isEqualTo(AddressSource.LauncherPodIp);
  }

  @Test
  void theGuestAgentsInterfacesAndTheLinkStateComeFromTheStatusOnlyWhileTheAgentIsConnected() {
    List<NetworkInterface> reported = List.of(
        new NetworkInterface("default", "02:00:00:00:00:02", "10.0.0.2", List.of("10.0.0.2", "fe80::2"), "eth0",
            "eth0", "domain, guest-agent", "down"),
        new NetworkInterface(null, "02:00:00:00:00:09", "172.17.0.1", null, "docker0", null, "guest-agent", null),
        new NetworkInterface("data", "02:00:00:00:00:03", null, null, null, "pod1a2b", "domain, multus-status",
            null));
    Condition connected = new Condition("AgentConnected", "True", null, null);
    Status status = new Status(NODE, "Running", Map.of(POD_UID, NODE), null, reported, List.of(connected));
    VirtualMachineInstance vmi = vmi(List.of(iface("default", "bridge")), List.of(podNetwork("default")), status);

    KubevirtCaptureTarget target = ((Resolved) resolve(null, vmi, launcher(NODE, "Running"))).target();

    assertThat(target.getAddressSource()).isEqualTo(AddressSource.GuestAgent);
    assertThat(target.getLinkState()).isEqualTo("down");
    assertThat(target.getGuestInterfaces()).extracting(GuestInterface::getName).containsExactly("eth0", "docker0");
    assertThat(target.getGuestInterfaces().get(0).getAddresses()).containsExactly("10.0.0.2", "fe80::2");
    assertThat(target.getGuestInterfaces().get(1).getMac()).isEqualTo("02:00:00:00:00:09");

    Status disconnected = new Status(NODE, "Running", Map.of(POD_UID, NODE), null, reported,
        List.of(new Condition("AgentConnected", "False", "AgentNotConnected", null)));
    KubevirtCaptureTarget stale = ((Resolved) resolve(null, vmi(List.of(iface("default", "bridge")),
        List.of(podNetwork("default")), disconnected), launcher(NODE, "Running"))).target();
    assertThat(stale.isGuestAgentConnected()).isFalse();
    assertThat(stale.getGuestInterfaces()).as("a disconnected agent's last words are not its view").isEmpty();
  }

  private static KubevirtResolution resolve(String wanted, VirtualMachineInstance vmi, Pod pod) {
    return VmiResolver.resolve("vms", "a", wanted, vmi, List.of(pod));
  }

  private static Status running(MigrationState migration) {
    return new Status(NODE, "Running", Map.of(POD_UID, NODE), migration,
        List.of(new NetworkInterface("default", "02:00:00:00:00:02", "10.0.0.2", List.of("10.0.0.2"), "eth0", "eth0",
            "domain, guest-agent", null)), List.of());
  }

  private static VirtualMachineInstance vmi(List<Interface> interfaces, List<Network> networks, Status status) {
    return new VirtualMachineInstance(new ObjectMetaBuilder().withName("a").withNamespace("vms")
        .withUid("2076f683-2d58-4f46-a2d9-4cb682060e36").build(),
        new Spec(new Domain(new Devices(interfaces)), networks), status);
  }

  private static Interface iface(String name, String binding) {
    return switch (binding) {
      case "bridge" -> new Interface(name, null, EMPTY, null, null, null, null, null, null);
      case "masquerade" -> new Interface(name, null, null, EMPTY, null, null, null, null, null);
      case "sriov" -> new Interface(name, null, null, null, EMPTY, null, null, null, null);
      case "slirp" -> new Interface(name, null, null, null, null, EMPTY, null, null, null);
      case "passt" -> new Interface(name, null, null, null, null, null, EMPTY, null, null);
      case "macvtap" -> new Interface(name, null, null, null, null, null, null, EMPTY, null);
      default -> new Interface(name, null, null, null, null, null, null, null, new PluginBinding(binding));
    };
  }

  private static Network podNetwork(String name) {
    return new Network(name, EMPTY, null);
  }

  private static Pod launcher(String node, String phase) {
    return new PodBuilder().withNewMetadata().withName("virt-launcher-a-abcde").withUid(POD_UID).endMetadata()
        .withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase(phase).endStatus().build();
  }
}
