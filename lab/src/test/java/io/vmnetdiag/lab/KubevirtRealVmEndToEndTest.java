package io.vmnetdiag.lab;

import static io.vmnetdiag.lab.KubevirtClusterLab.hop;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.KubevirtLab;
import io.vmnetdiag.lab.topology.LabTimes;
import io.vmnetdiag.testkit.LabTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A masquerade-bound VMI whose guest is a real VM, through the whole product: the libvirt lab's guest image under
 * qemu (TCG), started in the virt-launcher pod's namespace on a real {@code tap0} as virt-launcher starts it. The
 * healthy path is answered by the guest's own stack behind the pod's NAT; QEMU's own {@code set_link off} (what
 * virt-launcher's libvirt does for an interface whose state is down) with the VMI reporting {@code linkState: down}
 * is {@code HostLinkDown}: frames reach {@code tap0}, nothing comes back. The seed fault, made inside the guest
 * through its agent as the libvirt lab makes it on its VM (here over the lab's own QGA socket), is
 * {@code GuestNotProcessingReceive} at the guest with the pod's hops captured; healed, the path is healthy again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "sysctl", "qemu-system-x86_64"}, controlPlane = true)
class KubevirtRealVmEndToEndTest {
  private static final String GUEST_ADDRESS = "10.0.2.2";
  private static KubevirtClusterLab lab;

  @BeforeAll
  static void buildLab() {
    lab = LabTimes.up(KubevirtRealVmEndToEndTest.class, () -> KubevirtClusterLab.up("vmi-masquerade.yaml",
        KubevirtPathResolver.MASQUERADE, KubevirtLab.NodeSide.routed, KubevirtLab.Guest.qemu,
        node -> reported(node, "up")));
  }

  @AfterAll
  static void tearDown() {
    LabTimes.down(KubevirtRealVmEndToEndTest.class, lab, down -> null);
  }

  @Test
  @Order(1)
  void theRealGuestAnswersBehindThePodsNatAndThePathIsHealthy() throws Exception {
    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvq-healthy");

    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.PathHealthy);
    HopObservation tap = hop(done, HopRole.Tap);
    assertThat(tap.getFromVm().getIcmpEchoReply()).as(yaml).isPositive();
    assertThat(tap.getVmSourceAddresses()).as(yaml).contains(GUEST_ADDRESS);
    assertThat(hop(done, HopRole.Uplink).getFromVm().getIcmpEchoReply()).as(yaml).isPositive();
  }

  @Test
  @Order(2)
  void qemuHoldingTheLinkDownAsKubevirtReportsItIsFoundBetweenTapAndGuest() throws Exception {
    lab.node().injectLinkDown();
    lab.editStatus(status -> status.put("interfaces", List.of(reported(lab.node(), "down"))));

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvq-linkdown");

    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.HostLinkDown);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("tap->guest");
    HopObservation tap = hop(done, HopRole.Tap);
    assertThat(tap.getToVm().getIcmpEchoRequest()).as(yaml).isPositive();
    assertThat(tap.getFromVm().total()).as("QEMU passes nothing from the guest\n" + yaml).isZero();
  }

  @Test
  @Order(3)
  void theSeedInsideTheRealGuestIsFoundAtTheGuestWithThePodsHopsCaptured() throws Exception {
    lab.node().heal();
    lab.editStatus(status -> status.put("interfaces", List.of(reported(lab.node(), "up"))));
    long rxBefore = RealGuestSeed.inject(lab.node());

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvq-seed");

    RealGuestSeed.assertFoundAtTheGuest(lab, done, rxBefore);
    assertThat(done.getStatus().getPath().getHops()).extracting(Hop::getInterfaceName).containsExactly(
        lab.node().uplink(), lab.node().podVeth(), "eth0", "k6t-eth0", "tap0");
  }

  @Test
  @Order(4)
  void theHealedRealGuestAnswersAgainAndThePathIsHealthy() throws Exception {
    RealGuestSeed.heal(lab.node());

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvq-healed");

    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.PathHealthy);
    assertThat(hop(done, HopRole.Tap).getFromVm().getIcmpEchoReply()).as(yaml).isPositive();
    assertThat(hop(done, HopRole.Uplink).getFromVm().getIcmpEchoReply()).as(yaml).isPositive();
  }

  /** virt-handler's report of the interface, from the domain (no guest agent), with the pod's address. */
  private static Map<String, Object> reported(KubevirtLab node, String linkState) {
    return new HashMap<>(Map.of("name", "default", "mac", node.vmMac(), "ipAddress", node.podIp(),
        "ipAddresses", List.of(node.podIp()), "infoSource", "domain", "podInterfaceName", "eth0", "queueCount", 1,
        "linkState", linkState));
  }
}
