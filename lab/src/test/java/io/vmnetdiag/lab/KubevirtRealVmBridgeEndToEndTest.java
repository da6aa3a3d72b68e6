package io.vmnetdiag.lab;

import static io.vmnetdiag.lab.KubevirtClusterLab.hop;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
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
 * A bridge-bound VMI behind a CNI bridge whose guest is a real VM (the libvirt lab's image under qemu in the
 * launcher pod's namespace, holding the pod's IP and MAC as KubeVirt's bridge binding gives them): the seed fault
 * made inside the guest through its agent is {@code GuestNotProcessingReceive} at the guest with {@code eth0-nic},
 * {@code k6t-eth0} and {@code tap0} captured; healed, the guest answers and the path is healthy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "sysctl", "qemu-system-x86_64"}, controlPlane = true)
class KubevirtRealVmBridgeEndToEndTest {
  private static KubevirtClusterLab lab;

  @BeforeAll
  static void buildLab() {
    // the guest runs an agent: virt-handler reports the interface from the domain and the agent
    lab = LabTimes.up(KubevirtRealVmBridgeEndToEndTest.class, () -> KubevirtClusterLab.up("vmi-bridge.yaml",
        KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.bridge, KubevirtLab.Guest.qemu, node -> Map.of(
            "name", "default", "mac", node.vmMac(), "ipAddress", node.podIp(), "ipAddresses", List.of(node.podIp()),
            "interfaceName", "eth0", "infoSource", "domain, guest-agent", "podInterfaceName", "eth0",
            "queueCount", 1)));
  }

  @AfterAll
  static void tearDown() {
    LabTimes.down(KubevirtRealVmBridgeEndToEndTest.class, lab, down -> null);
  }

  @Test
  @Order(1)
  void theSeedInsideTheRealGuestIsFoundAtTheGuestWithThePodsHopsCaptured() throws Exception {
    long rxBefore = RealGuestSeed.inject(lab.node());

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvqb-seed");

    RealGuestSeed.assertFoundAtTheGuest(lab, done, rxBefore);
    assertThat(done.getStatus().getPath().getHops()).extracting(Hop::getInterfaceName).containsExactly(
        lab.node().uplink(), lab.node().cniBridge(), lab.node().podVeth(), "eth0-nic", "k6t-eth0", "tap0");
  }

  @Test
  @Order(2)
  void theHealedRealGuestAnswersAgainAndThePathIsHealthy() throws Exception {
    RealGuestSeed.heal(lab.node());

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvqb-healed");

    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.PathHealthy);
    assertThat(hop(done, HopRole.Tap).getFromVm().getIcmpEchoReply()).as(yaml).isPositive();
    assertThat(hop(done, HopRole.Uplink).getFromVm().getIcmpEchoReply()).as(yaml).isPositive();
  }
}
