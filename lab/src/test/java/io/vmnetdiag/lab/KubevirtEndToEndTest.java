package io.vmnetdiag.lab;

import static io.vmnetdiag.lab.KubevirtClusterLab.hop;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.KubevirtLab;
import io.vmnetdiag.lab.topology.LabTimes;
import io.vmnetdiag.testkit.LabTest;
import java.util.List;
import java.util.Map;
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
 * comes back into the status. Here the bridge binding behind a CNI bridge; {@link KubevirtMasqueradeEndToEndTest}
 * has masquerade on a routed node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "sysctl"}, controlPlane = true)
class KubevirtEndToEndTest {
  private static KubevirtClusterLab lab;

  @BeforeAll
  static void buildLab() {
    lab = LabTimes.up(KubevirtEndToEndTest.class, () -> KubevirtClusterLab.up("vmi-bridge.yaml",
        KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.bridge, node -> Map.of("name", "default",
            "mac", node.vmMac(), "ipAddress", node.podIp(), "ipAddresses", List.of(node.podIp()),
            "interfaceName", "eth0", "infoSource", "domain, guest-agent", "podInterfaceName", "eth0",
            "queueCount", 1)));
  }

  @AfterAll
  static void tearDown() {
    LabTimes.down(KubevirtEndToEndTest.class, lab, down -> null);
  }

  @Test
  @Order(1)
  void bridgeBoundVmiWithAWedgedGuestIsFoundAtTheGuestWithThePodsHopsCaptured() throws Exception {
    lab.node().injectGuestReceiveFault();

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kv-seed");

    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getVerdict()).as(yaml).isNotNull();
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("guest");
    assertThat(done.getStatus().getPath().getHops()).extracting(Hop::getInterfaceName).containsExactly(
        lab.node().uplink(), lab.node().cniBridge(), lab.node().podVeth(), "eth0-nic", "k6t-eth0", "tap0");
    for (HopRole inPod : List.of(HopRole.PodInterface, HopRole.PodBridge, HopRole.Tap)) {
      assertThat(hop(done, inPod).getToVm().total()).as(inPod + "\n" + yaml).isPositive();
    }
    // the guest agent's view as KubeVirt reports it in the VMI's status, and the address from it
    GuestView guest = done.getStatus().getPath().getGuest();
    assertThat(guest.getSource()).as(yaml).isEqualTo(GuestView.KUBEVIRT_GUEST_AGENT);
    assertThat(guest.byMac(lab.node().vmMac())).get().extracting(GuestInterface::getName, GuestInterface::getAddresses)
        .containsExactly("eth0", List.of(lab.node().podIp()));
    assertThat(done.getStatus().getPath().getAddressSource()).isEqualTo(AddressSource.GuestAgent);
    assertThat(lab.cluster().client().pods().inNamespace(lab.cluster().captureNamespace()).list().getItems())
        .isEmpty();
  }

  @Test
  @Order(2)
  void healedGuestGivesAHealthyPath() throws Exception {
    lab.node().heal();

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kv-healed");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    assertThat(hop(done, HopRole.Uplink).getFromVm().replies()).isPositive();
  }
}
