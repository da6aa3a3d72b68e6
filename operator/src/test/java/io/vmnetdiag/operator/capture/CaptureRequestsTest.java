package io.vmnetdiag.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.RunBinding;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.PcapSpec;
import io.vmnetdiag.api.v1alpha1.Target;
import io.vmnetdiag.operator.OperatorSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureRequestsTest {
  @Test
  void carriesTheTargetIncludingTheChosenInterface() {
    CaptureRequest request = CaptureRequests.forLibvirt(nd("52:54:00:AB:CD:01"), OperatorSettings.defaults(), "n0nce");

    assertThat(request.getDiagnosis()).isEqualTo("vms/web-01");
    assertThat(request.getNode()).isEqualTo("node-7");
    assertThat(request.getDomain()).isEqualTo("web-01");
    assertThat(request.getAddress()).isEqualTo("10.1.2.3");
    assertThat(request.getInterfaceName()).isEqualTo("52:54:00:AB:CD:01");
    assertThat(request.getRun()).isEqualTo(new RunBinding("n0nce", "uid-1", 1L));
    assertThat(request.getPcapDirectory()).isNull();
    assertThat(request.getPcapRoot()).isNull();
  }

  @Test
  void pcapFilesGoBelowTheNodesRootWhichTheAgentKeepsWithinTheSettingsLimits() {
    NetworkDiagnosis nd = nd(null);
    PcapSpec pcap = new PcapSpec();
    pcap.setEnabled(true);
    CaptureSpec capture = new CaptureSpec();
    capture.setPcap(pcap);
    nd.getSpec().setCapture(capture);
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("VMNETDIAG_PCAP_HOST_DIR", "/data/pcap",
        "VMNETDIAG_PCAP_RETENTION_HOURS", "6", "VMNETDIAG_PCAP_NODE_LIMIT_MIB", "512"));

    CaptureRequest request = CaptureRequests.forLibvirt(nd, settings, "n0nce");

    assertThat(request.getPcapDirectory()).isEqualTo("/data/pcap/vms/web-01/g1");
    assertThat(request.getPcapRoot()).isEqualTo("/data/pcap");
    assertThat(request.getPcapRetentionSeconds()).isEqualTo(6 * 3600);
    assertThat(request.getPcapNodeLimitBytes()).isEqualTo(512L * 1024 * 1024);
  }

  @Test
  void noInterfaceNamedLeavesTheChoiceToTheAgent() {
    assertThat(CaptureRequests.forLibvirt(nd(null), OperatorSettings.defaults(), null).getInterfaceName()).isNull();
  }

  private static NetworkDiagnosis nd(String nic) {
    LibvirtTarget libvirt = new LibvirtTarget();
    libvirt.setNode("node-7");
    libvirt.setDomain("web-01");
    libvirt.setAddress("10.1.2.3");
    libvirt.setInterfaceName(nic);
    Target target = new Target();
    target.setLibvirt(libvirt);
    NetworkDiagnosisSpec spec = new NetworkDiagnosisSpec();
    spec.setTarget(target);
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName("web-01");
    nd.getMetadata().setNamespace("vms");
    nd.getMetadata().setGeneration(1L);
    nd.getMetadata().setUid("uid-1");
    nd.setSpec(spec);
    return nd;
  }
}
