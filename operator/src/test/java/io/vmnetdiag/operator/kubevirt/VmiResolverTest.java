package io.vmnetdiag.operator.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
    assertThat(resolved.target().getPodInterfaceName()).isNull();
  }

  private static KubevirtResolution resolve(String wanted, VirtualMachineInstance vmi, Pod pod) {
    return VmiResolver.resolve("vms", "a", wanted, vmi, List.of(pod));
  }

  private static Status running(MigrationState migration) {
    return new Status(NODE, "Running", Map.of(POD_UID, NODE), migration,
        List.of(new NetworkInterface("default", "02:00:00:00:00:02", "10.0.0.2", List.of("10.0.0.2"), "eth0", "eth0",
            "domain, guest-agent")), List.of());
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
