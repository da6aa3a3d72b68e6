package io.vmnetdiag.lab;

import static io.vmnetdiag.lab.KubevirtClusterLab.hop;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.GuestView;
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
 * A masquerade-bound VMI without a guest agent, on a routed node (Calico's way: no CNI bridge), through the whole
 * product as {@link KubevirtEndToEndTest}: the seed fault is found at the guest with the pod's hops ({@code eth0},
 * {@code k6t-eth0}, {@code tap0}) captured, a drop in the pod's forward path behind its NAT between {@code eth0} and
 * {@code k6t-eth0}, a link KubeVirt reports down, and the healed path healthy; the status says the guest's own view is
 * absent and why, and the address is the one the VMI's status reports, else its launcher pod's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "sysctl"}, controlPlane = true)
class KubevirtMasqueradeEndToEndTest {
  private static KubevirtClusterLab lab;

  @BeforeAll
  static void buildLab() {
    // no guest agent: virt-handler reports the interface from the domain, with the pod's address
    lab = LabTimes.up(KubevirtMasqueradeEndToEndTest.class, () -> KubevirtClusterLab.up("vmi-masquerade.yaml",
        KubevirtPathResolver.MASQUERADE, KubevirtLab.NodeSide.routed, node -> Map.of("name", "default",
            "mac", node.vmMac(), "ipAddress", node.podIp(), "ipAddresses", List.of(node.podIp()),
            "infoSource", "domain", "podInterfaceName", "eth0", "queueCount", 1)));
  }

  @AfterAll
  static void tearDown() {
    LabTimes.down(KubevirtMasqueradeEndToEndTest.class, lab, down -> null);
  }

  @Test
  @Order(1)
  void masqueradeBoundVmiWithAWedgedGuestIsFoundAtTheGuestWithThePodsHopsCapturedAndNoGuestView() throws Exception {
    lab.node().injectGuestReceiveFault();

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvm-seed");

    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getVerdict()).as(yaml).isNotNull();
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("guest");
    assertThat(done.getStatus().getPath().getHops()).extracting(Hop::getInterfaceName).containsExactly(
        lab.node().uplink(), lab.node().podVeth(), "eth0", "k6t-eth0", "tap0");
    for (HopRole inPod : List.of(HopRole.PodInterface, HopRole.PodBridge, HopRole.Tap)) {
      assertThat(hop(done, inPod).getToVm().total()).as(inPod + "\n" + yaml).isPositive();
    }
    assertThat(done.getStatus().getPath().getAddressTranslatedAt()).isEqualTo("eth0");
    // the address from the VMI's status.interfaces; the guest's own view absent, and why
    assertThat(done.getStatus().getPath().getVmAddress()).isEqualTo(lab.node().podIp());
    assertThat(done.getStatus().getPath().getAddressSource()).isEqualTo(AddressSource.VmiStatus);
    GuestView guest = done.getStatus().getPath().getGuest();
    assertThat(guest.getSource()).as(yaml).isNull();
    assertThat(guest.getAbsent()).isEqualTo(GuestView.NO_AGENT);
    assertThat(guest.getMessage()).contains("AgentConnected");
  }

  @Test
  @Order(2)
  void natDropInsideThePodIsFoundBetweenThePodsInterfaceAndItsBridge() throws Exception {
    lab.node().heal();
    lab.node().injectPodNatDrop();

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvm-natdrop");

    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getVerdict().getLocation()).as(yaml).isEqualTo("podinterface->podbridge");
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.LostInsideHost);
    // The client's pings reach the pod's eth0 and no further. What k6t-eth0 and tap0 still count toward the VM are
    // the pod's echo replies to the guest's own pings of its gateway 10.0.2.1 (k6t-eth0's address): the pod
    // answers them itself, nothing is forwarded, so the forward-path drop leaves them alone (a count of ~19 "pings"
    // at k6t-eth0 under this fault is these replies, one per 0.2 s ping over the window).
    HopObservation podInterface = hop(done, HopRole.PodInterface);
    HopObservation podBridge = hop(done, HopRole.PodBridge);
    assertThat(podInterface.getToVm().getIcmpEchoRequest()).as(yaml).isPositive();
    assertThat(podBridge.getToVm().getIcmpEchoRequest()).as(yaml).isZero();
    assertThat(hop(done, HopRole.Tap).getToVm().getIcmpEchoRequest()).as(yaml).isZero();
    assertThat(podBridge.getToVm().getIcmpEchoReply()).as(yaml).isPositive();
    assertThat(String.join("\n", done.getStatus().getVerdict().getEvidence())).as(yaml).contains("table ip vndfault");
  }

  @Test
  @Order(3)
  void aLinkKubevirtReportsDownIsFoundBetweenTapAndGuestWithKubevirtsFix() throws Exception {
    lab.node().heal();
    lab.node().injectLinkDown();
    // virt-handler's report of an interface whose spec state is down
    lab.editStatus(status -> status.put("interfaces", List.of(reported(true, "down"))));

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvm-linkdown");

    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getPath().getLinkState()).as(yaml).isEqualTo("down");
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.HostLinkDown);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("tap->guest");
    assertThat(done.getStatus().getVerdict().getSummary()).contains("spec.domain.devices.interfaces[].state");
    assertThat(hop(done, HopRole.Tap).getToVm().getIcmpEchoRequest()).as(yaml).isPositive();
  }

  @Test
  @Order(4)
  void healedPodGivesAHealthyPathWithTheAddressFromTheLauncherPodWhenTheVmiReportsNone() throws Exception {
    lab.node().heal();
    lab.editStatus(status -> status.put("interfaces", List.of(reported(false, "up"))));

    NetworkDiagnosis done = lab.diagnoseWithTraffic("kvm-healed");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    assertThat(done.getStatus().getPath().getVmAddress()).isEqualTo(lab.node().podIp());
    assertThat(done.getStatus().getPath().getAddressSource()).isEqualTo(AddressSource.LauncherPodIp);
    assertThat(hop(done, HopRole.Uplink).getFromVm().replies()).isPositive();
    assertThat(hop(done, HopRole.Tap).getToVm().getIcmpEchoRequest()).isPositive();
  }

  /** The VMI's status.interfaces entry without a guest agent: from the domain, with or without the pod's address. */
  private static Map<String, Object> reported(boolean withAddress, String linkState) {
    Map<String, Object> entry = new HashMap<>(Map.of("name", "default", "mac", lab.node().vmMac(),
        "infoSource", "domain", "podInterfaceName", "eth0", "queueCount", 1, "linkState", linkState));
    if (withAddress) {
      entry.put("ipAddress", lab.node().podIp());
      entry.put("ipAddresses", List.of(lab.node().podIp()));
    }
    return entry;
  }
}
