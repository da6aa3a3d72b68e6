package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The operator Deployment as rendered from the default values. */
class OperatorDeploymentTest {
  private final Deployment deployment = Chart.render(null).single(Deployment.class);
  private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
  private final Container operator = pod.getContainers().get(0);

  @Test
  void runsOneOperatorContainerOfTheAppVersionImage() {
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/vmnetdiag/vmnetdiag:0.1.0");
    assertThat(operator.getCommand()).containsExactly("vmnetdiag", "operator");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void runsAsNonRootWithTheRuntimeDefaultSeccompProfile() {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @Test
  void containerHasReadOnlyRootAndNoCapabilities() {
    SecurityContext security = operator.getSecurityContext();

    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
  }

  @Test
  void givesTheJvmAWritableTmpDespiteTheReadOnlyRoot() {
    assertThat(operator.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getMountPath()).isEqualTo("/tmp");
      assertThat(pod.getVolumes()).anySatisfy(volume -> {
        assertThat(volume.getName()).isEqualTo(mount.getName());
        assertThat(volume.getEmptyDir()).isNotNull();
      });
    });
  }

  @Test
  void capturePodsGetTheOperatorsOwnImage() {
    assertThat(env(operator)).containsEntry("VMNETDIAG_AGENT_IMAGE", operator.getImage());
  }

  @Test
  void setsOnlyTheVariablesOperatorSettingsReads() {
    Map<String, String> env = env(operator);

    assertThat(env).containsOnlyKeys("VMNETDIAG_AGENT_IMAGE", "VMNETDIAG_LIBVIRT_SOCKET_DIR",
        "VMNETDIAG_STARTUP_GRACE_SECONDS", "VMNETDIAG_PCAP_HOST_DIR");
    assertThat(env).containsEntry("VMNETDIAG_LIBVIRT_SOCKET_DIR", "/var/run/libvirt")
        .containsEntry("VMNETDIAG_PCAP_HOST_DIR", "/var/lib/vmnetdiag/captures");
    // OperatorSettings parses it with Long.parseLong.
    assertThat(Long.parseLong(env.get("VMNETDIAG_STARTUP_GRACE_SECONDS"))).isEqualTo(120L);
  }

  @Test
  void neverRunsTwoOperatorsDuringARollout() {
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @Test
  void hasResourceRequestsAndAMemoryLimit() {
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
  }

  static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
