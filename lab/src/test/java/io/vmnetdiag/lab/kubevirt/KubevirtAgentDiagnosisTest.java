package io.vmnetdiag.lab.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.agent.CaptureRunner;
import io.vmnetdiag.agent.NodeAgent;
import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.agent.kubevirt.LauncherNamespace;
import io.vmnetdiag.agent.path.PathResolver;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.CaptureStop;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.api.v1alpha1.ProbeSpec;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.diagnosis.VerdictEngine;
import io.vmnetdiag.lab.topology.KubevirtLab;
import io.vmnetdiag.testkit.LabTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent on a KubeVirt node, for real: it finds the virt-launcher pod's namespace by the pod's UID in its
 * kubelet cgroup, resolves the binding's devices in it and the pod's veth, CNI bridge and uplink on the node, and
 * captures them all with pcap4j while a client pings the VM and the guest pings its gateway; the verdict engine
 * places the seed fault at the guest and the pod's NAT drop inside the pod.
 */
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "sysctl"})
class KubevirtAgentDiagnosisTest {
  private static final String CAPTURE_SECONDS = "4s";
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void bridgeBindingBehindACniBridgeWithAWedgedGuestIsFoundAtTheGuestAndHealthyOnceHealed() throws Exception {
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.bridge)) {
      lab.injectGuestReceiveFault();
      AgentReport wedged = diagnose(lab);
      assertThat(wedged.getFailure()).as(describe(wedged)).isNull();
      assertThat(wedged.getPath().getHops()).extracting(Hop::getRole).containsExactly(HopRole.Uplink, HopRole.Bridge,
          HopRole.PodVeth, HopRole.PodInterface, HopRole.PodBridge, HopRole.Tap);
      assertThat(wedged.getPath().getHops()).extracting(Hop::getInterfaceName).containsExactly(lab.uplink(),
          lab.cniBridge(), lab.podVeth(), "eth0-nic", "k6t-eth0", "tap0");
      assertThat(hop(wedged, HopRole.PodInterface).getToVm().total()).isPositive();
      assertThat(hop(wedged, HopRole.Tap).getToVm().total()).isPositive();
      assertThat(verdict(wedged).getReason()).as(describe(wedged)).isEqualTo(VerdictReason.GuestNotProcessingReceive);
      assertThat(verdict(wedged).getLocation()).isEqualTo("guest");
      assertThat(wedged.getPath().getGuest().getAbsent()).isEqualTo(GuestView.NO_AGENT);

      lab.heal();
      AgentReport healthy = diagnose(lab);
      assertThat(verdict(healthy).getReason()).as(describe(healthy)).isEqualTo(VerdictReason.PathHealthy);
      assertThat(hop(healthy, HopRole.Uplink).getFromVm().replies()).isPositive();
    }
  }

  @Test
  void anIdleBridgeBoundVmWithAWedgedGuestIsProbedFromThePodsBridgeAndFoundAtTheGuest() throws Exception {
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.routed)) {
      lab.injectGuestReceiveFault();
      AgentReport idle = diagnose(lab, ProbeMode.Always, false);

      assertThat(idle.getProbes().isSent()).as(describe(idle)).isTrue();
      assertThat(idle.getProbes().getReason()).contains("k6t-eth0");
      assertThat(hop(idle, HopRole.Tap).getToVm().getArpRequest()).as(describe(idle)).isPositive();
      assertThat(verdict(idle).getReason()).as(describe(idle)).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    }
  }

  @Test
  void masqueradeOnARoutedNodeFindsTheWedgedGuestTheNatDropInsideThePodAndAHealthyPath() throws Exception {
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.MASQUERADE, KubevirtLab.NodeSide.routed)) {
      lab.injectGuestReceiveFault();
      AgentReport wedged = diagnose(lab);
      assertThat(wedged.getFailure()).as(describe(wedged)).isNull();
      assertThat(wedged.getPath().getHops()).extracting(Hop::getInterfaceName).containsExactly(lab.uplink(),
          lab.podVeth(), "eth0", "k6t-eth0", "tap0");
      assertThat(wedged.getPath().getHops()).filteredOn(hop -> hop.getRole().ordinal() >= HopRole.PodInterface.ordinal())
          .extracting(Hop::getNetworkNamespace).containsOnly("/proc/" + lab.podPid() + "/ns/net");
      assertThat(verdict(wedged).getReason()).as(describe(wedged)).isEqualTo(VerdictReason.GuestNotProcessingReceive);

      lab.heal();
      lab.injectPodNatDrop();
      AgentReport natDrop = diagnose(lab);
      // the client's pings reach the pod's eth0 and no further (the guest's own pings to k6t-eth0 still flow)
      assertThat(hop(natDrop, HopRole.PodInterface).getToVm().getIcmpEchoRequest()).as(describe(natDrop)).isPositive();
      assertThat(hop(natDrop, HopRole.PodBridge).getToVm().getIcmpEchoRequest()).as(describe(natDrop)).isZero();
      assertThat(verdict(natDrop).getLocation()).as(describe(natDrop)).isEqualTo("podinterface->podbridge");
      // the pod's own nftables rule, read in the pod's namespace, is named as the cause
      assertThat(String.join("\n", verdict(natDrop).getEvidence())).as(describe(natDrop))
          .contains("table ip vndfault").contains("oifname");

      lab.heal();
      AgentReport healthy = diagnose(lab);
      assertThat(verdict(healthy).getReason()).as(describe(healthy)).isEqualTo(VerdictReason.PathHealthy);
    }
  }

  /** The agent's run for the lab's VMI while a client pings the VM and the guest pings its gateway. */
  private AgentReport diagnose(KubevirtLab lab) throws Exception {
    return diagnose(lab, ProbeMode.Never, true);
  }

  private AgentReport diagnose(KubevirtLab lab, ProbeMode probes, boolean traffic) throws Exception {
    List<Process> pings = new ArrayList<>();
    if (traffic) {
      pings.add(ping(lab.upstreamNamespace(), lab.podIp()));
      pings.add(ping(lab.vmNamespace(), gatewayOf(lab)));
    }
    try {
      NodeAgent agent = new NodeAgent(new PathResolver(),
          new KubevirtPathResolver(LauncherNamespace.node(), lab.nodeNamespacePath()), CaptureRunner.pcap());
      return agent.run(json.writeValueAsString(request(lab, probes)));
    } finally {
      for (Process process : pings) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static String gatewayOf(KubevirtLab lab) {
    return KubevirtPathResolver.MASQUERADE.equals(lab.binding()) ? "10.0.2.1"
        : lab.podIp().substring(0, lab.podIp().lastIndexOf('.')) + ".1";
  }

  private static Process ping(String namespace, String address) throws Exception {
    return new ProcessBuilder("ip", "netns", "exec", namespace, "ping", "-q", "-i", "0.2", "-W", "1", address)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static CaptureRequest request(KubevirtLab lab, ProbeMode mode) {
    CaptureSpec spec = new CaptureSpec();
    spec.setDuration(CAPTURE_SECONDS);
    spec.setStop(CaptureStop.AtWindowEnd);
    ProbeSpec probes = new ProbeSpec();
    probes.setMode(mode);
    spec.setProbes(probes);
    LibvirtTarget none = new LibvirtTarget();
    none.setNode("kubevirt-lab-" + lab.id());
    CaptureRequest request = CaptureRequest.forLibvirt(none, spec, null);
    request.setDiagnosis("lab/" + lab.id());
    KubevirtCaptureTarget target = new KubevirtCaptureTarget();
    target.setNamespace("lab");
    target.setVmi("vmi-" + lab.id());
    target.setLauncherPod("virt-launcher-vmi-" + lab.id());
    target.setLauncherPodUid(lab.podUid());
    target.setInterfaceName("default");
    target.setBinding(lab.binding());
    target.setMac(lab.vmMac());
    target.setAddresses(List.of(lab.podIp()));
    target.setPodInterfaceName("eth0");
    request.setKubevirt(target);
    return request;
  }

  private static Verdict verdict(AgentReport report) {
    return new VerdictEngine().decide(report.getPath(), report.getHops(), report.getProbes(), report.getKernelDrops());
  }

  private static HopObservation hop(AgentReport report, HopRole role) {
    return report.getHops().stream().filter(hop -> hop.getRole() == role).findFirst().orElseThrow();
  }

  private String describe(AgentReport report) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    } catch (Exception e) {
      return report.toString();
    }
  }
}
