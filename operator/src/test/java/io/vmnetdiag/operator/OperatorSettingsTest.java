package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  @Test
  void defaultsServeAllNamespacesWithoutLeaderElection() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.leaseNamespace()).isNull();
    assertThat(settings.healthPort()).isZero();
    assertThat(settings.libvirtSocketDir()).isEqualTo("/var/run/libvirt");
    assertThat(settings.startupGrace()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.captureNamespace()).isEqualTo(OperatorSettings.DEFAULT_CAPTURE_NAMESPACE);
    assertThat(settings.maxCapturesPerNode()).isEqualTo(OperatorSettings.DEFAULT_MAX_CAPTURES_PER_NODE);
    assertThat(settings.policyName()).isEqualTo("default");
    assertThat(settings.libvirtUris().uriFor(Map.of())).isEqualTo("qemu:///system");
    assertThat(settings.libvirtUris().dependsOnNodeLabels()).isFalse();
  }

  @Test
  void environmentOfTheChartIsRead() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
        "VMNETDIAG_AGENT_IMAGE", "registry.example/vmnetdiag:1.2.3",
        "VMNETDIAG_WATCH_NAMESPACES", " vms, ,edge-vms ",
        "VMNETDIAG_LEADER_ELECTION_NAMESPACE", "vmnetdiag",
        "VMNETDIAG_HEALTH_PORT", "8081",
        "VMNETDIAG_PCAP_HOST_DIR", "/data/captures",
        "VMNETDIAG_CAPTURE_NAMESPACE", "vmnetdiag-pods",
        "VMNETDIAG_MAX_CAPTURES_PER_NODE", "3",
        "VMNETDIAG_POLICY_NAME", "tenants",
        "VMNETDIAG_LIBVIRT_URI", "qemu+unix:///system?socket=/var/run/libvirt/libvirt-sock",
        "VMNETDIAG_LIBVIRT_NODE_GROUPS", "[{\"nodeSelector\": {\"pool\": \"lab\"}, \"uri\": \"test:///lab.xml\"}]"));
    assertThat(settings.agentImage()).isEqualTo("registry.example/vmnetdiag:1.2.3");
    assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("vms", "edge-vms");
    assertThat(settings.leaseNamespace()).isEqualTo("vmnetdiag");
    assertThat(settings.healthPort()).isEqualTo(8081);
    assertThat(settings.pcapHostDirectory()).isEqualTo("/data/captures");
    assertThat(settings.captureNamespace()).isEqualTo("vmnetdiag-pods");
    assertThat(settings.maxCapturesPerNode()).isEqualTo(3);
    assertThat(settings.policyName()).isEqualTo("tenants");
    assertThat(settings.libvirtUris().uriFor(Map.of("pool", "lab"))).isEqualTo("test:///lab.xml");
    assertThat(settings.libvirtUris().uriFor(Map.of("pool", "core")))
        .isEqualTo("qemu+unix:///system?socket=/var/run/libvirt/libvirt-sock");
  }
}
