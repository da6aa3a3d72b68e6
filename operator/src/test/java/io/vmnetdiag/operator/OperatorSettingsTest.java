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
        "VMNETDIAG_MAX_CAPTURES_PER_NODE", "3"));
    assertThat(settings.agentImage()).isEqualTo("registry.example/vmnetdiag:1.2.3");
    assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("vms", "edge-vms");
    assertThat(settings.leaseNamespace()).isEqualTo("vmnetdiag");
    assertThat(settings.healthPort()).isEqualTo(8081);
    assertThat(settings.pcapHostDirectory()).isEqualTo("/data/captures");
    assertThat(settings.captureNamespace()).isEqualTo("vmnetdiag-pods");
    assertThat(settings.maxCapturesPerNode()).isEqualTo(3);
  }
}
