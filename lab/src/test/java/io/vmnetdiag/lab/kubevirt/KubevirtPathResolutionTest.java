package io.vmnetdiag.lab.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.agent.kubevirt.LauncherNamespace;
import io.vmnetdiag.agent.path.PathResolutionException;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.lab.topology.KubevirtLab;
import io.vmnetdiag.testkit.LabTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hops of a real virt-launcher namespace and node, per binding and node side, read by rtnetlink. */
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "sysctl"})
class KubevirtPathResolutionTest {

  @Test
  void bridgeBindingOnARoutedNodeHasNoNodeBridgeAndThePodsRenamedVeth() throws Exception {
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.routed)) {
      ResolvedPath path = resolver(lab).resolve(request(lab));

      assertThat(path.getHops()).extracting(Hop::getRole).containsExactly(HopRole.Uplink, HopRole.PodVeth,
          HopRole.PodInterface, HopRole.PodBridge, HopRole.Tap);
      assertThat(path.getHops()).extracting(Hop::getInterfaceName)
          .containsExactly(lab.uplink(), lab.podVeth(), "eth0-nic", "k6t-eth0", "tap0");
      assertThat(path.getHops().subList(0, 2)).extracting(Hop::getNetworkNamespace)
          .containsOnly(lab.nodeNamespacePath());
      assertThat(path.getVmMac()).isEqualTo(lab.vmMac());
      assertThat(path.getVmAddress()).isEqualTo(lab.podIp());
      assertThat(path.getAddressTranslatedAt()).isNull();
      assertThat(path.getUncapturedHops()).isNull();
    }
  }

  @Test
  void masqueradeBehindACniBridgeHasTheNodeBridgeAndTheTranslatingEth0() throws Exception {
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.MASQUERADE, KubevirtLab.NodeSide.bridge)) {
      ResolvedPath path = resolver(lab).resolve(request(lab));

      assertThat(path.getHops()).extracting(Hop::getInterfaceName)
          .containsExactly(lab.uplink(), lab.cniBridge(), lab.podVeth(), "eth0", "k6t-eth0", "tap0");
      assertThat(path.getAddressTranslatedAt()).isEqualTo("eth0");
    }
  }

  @Test
  void aTapNamedOtherwiseIsFoundByTheVmsMacInThePodBridgesFdb() throws Exception {
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.routed)) {
      String pod = lab.podNamespace();
      run("ip", "-n", pod, "link", "set", "tap0", "down");
      run("ip", "-n", pod, "link", "set", "tap0", "name", "tapvm1");
      run("ip", "-n", pod, "link", "set", "tapvm1", "up");
      // the guest speaks once, so k6t-eth0 learns its MAC behind the renamed port
      new ProcessBuilder("ip", "netns", "exec", lab.vmNamespace(), "ping", "-c", "1", "-W", "1",
          lab.podIp().substring(0, lab.podIp().lastIndexOf('.')) + ".1").start().waitFor();

      ResolvedPath path = resolver(lab).resolve(request(lab));

      assertThat(path.getHops()).extracting(Hop::getInterfaceName).endsWith("eth0-nic", "k6t-eth0", "tapvm1");
    }
  }

  private static void run(String... command) throws Exception {
    assertThat(new ProcessBuilder(command).start().waitFor()).as(String.join(" ", command)).isZero();
  }

  @Test
  void aMissingTapIsNamedWithThePodsDevices() throws Exception {
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.routed)) {
      Process del = new ProcessBuilder("ip", "-n", lab.podNamespace(), "link", "del", "tap0").start();
      assertThat(del.waitFor()).isZero();

      assertThatThrownBy(() -> resolver(lab).resolve(request(lab)))
          .isInstanceOfSatisfying(PathResolutionException.class, e -> {
            assertThat(e.failure().getReason()).isEqualTo(AgentFailure.POD_INTERFACE_NOT_FOUND);
            assertThat(e.failure().getMessage()).contains("'tap0' nor a bridge port behind which the VM's MAC")
                .contains("eth0-nic").contains("k6t-eth0");
          });
    }
  }

  private static KubevirtPathResolver resolver(KubevirtLab lab) {
    return new KubevirtPathResolver(LauncherNamespace.node(), lab.nodeNamespacePath());
  }

  private static CaptureRequest request(KubevirtLab lab) {
    CaptureRequest request = new CaptureRequest();
    request.setNode("kubevirt-lab-" + lab.id());
    KubevirtCaptureTarget target = new KubevirtCaptureTarget();
    target.setVmi("vmi-" + lab.id());
    target.setLauncherPod("virt-launcher-vmi-" + lab.id());
    target.setLauncherPodUid(lab.podUid());
    target.setInterfaceName("default");
    target.setBinding(lab.binding());
    target.setMac(lab.vmMac());
    target.setAddresses(List.of(lab.podIp()));
    request.setKubevirt(target);
    return request;
  }
}
