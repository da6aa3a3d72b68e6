package io.vmnetdiag.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** What OperatorSettings.fromEnvironment reads, as of the operator module's source. */
  static final Set<String> OPERATOR_SETTINGS_VARIABLES = Set.of("VMNETDIAG_AGENT_IMAGE",
      "VMNETDIAG_LIBVIRT_SOCKET_DIR", "VMNETDIAG_STARTUP_GRACE_SECONDS", "VMNETDIAG_PCAP_HOST_DIR",
      "VMNETDIAG_PCAP_RETENTION_HOURS", "VMNETDIAG_PCAP_NODE_LIMIT_MIB",
      "VMNETDIAG_WATCH_NAMESPACES", "VMNETDIAG_LEADER_ELECTION_NAMESPACE", "VMNETDIAG_HEALTH_PORT",
      "VMNETDIAG_CAPTURE_NAMESPACE", "VMNETDIAG_MAX_CAPTURES_PER_NODE", "VMNETDIAG_CAPTURE_POD",
      "VMNETDIAG_CAPTURE_MAX_ATTEMPTS",
      "VMNETDIAG_CAPTURE_RETRY_BACKOFF_SECONDS", "VMNETDIAG_CAPTURE_RETRY_MAX_BACKOFF_SECONDS",
      "VMNETDIAG_NODE_NOT_READY_GRACE_SECONDS",
      "VMNETDIAG_POLICY_NAME", "VMNETDIAG_LIBVIRT_URI", "VMNETDIAG_LIBVIRT_NODE_GROUPS");
  /** Read by the operator's log4j2.xml when logging starts, not by OperatorSettings. */
  static final Set<String> LOGGING_VARIABLES = Set.of("VMNETDIAG_LOG_FORMAT", "VMNETDIAG_LOG_LEVEL");

  @Test
  void setsOnlyTheVariablesOperatorSettingsAndTheLogConfigurationRead() {
    Map<String, String> env = env(operator);

    Set<String> read = new TreeSet<>(OPERATOR_SETTINGS_VARIABLES);
    read.addAll(LOGGING_VARIABLES);
    assertThat(env).containsOnlyKeys(read);
    assertThat(env).containsEntry("VMNETDIAG_LIBVIRT_SOCKET_DIR", "/var/run/libvirt")
        .containsEntry("VMNETDIAG_PCAP_HOST_DIR", "/var/lib/vmnetdiag/captures")
        .containsEntry("VMNETDIAG_WATCH_NAMESPACES", "")
        .containsEntry("VMNETDIAG_CAPTURE_NAMESPACE", "vmnetdiag-capture")
        .containsEntry("VMNETDIAG_POLICY_NAME", "default")
        .containsEntry("VMNETDIAG_LIBVIRT_URI", "qemu:///system")
        .containsEntry("VMNETDIAG_LIBVIRT_NODE_GROUPS", "[]");
    // Every capture.pod value empty: the operator keeps its defaults (CapturePodOptions.DEFAULTS).
    assertThat(Chart.<Map<String, Object>>parse(env.get("VMNETDIAG_CAPTURE_POD"), Map.class))
        .containsOnly(Map.entry("resources", Map.of()), Map.entry("tolerations", List.of()),
            Map.entry("priorityClassName", ""), Map.entry("annotations", Map.of()),
            Map.entry("imagePullSecrets", List.of()));
    // OperatorSettings parses these with Long.parseLong and Integer.parseInt.
    assertThat(Long.parseLong(env.get("VMNETDIAG_STARTUP_GRACE_SECONDS"))).isEqualTo(120L);
    assertThat(Integer.parseInt(env.get("VMNETDIAG_HEALTH_PORT"))).isEqualTo(8081);
    assertThat(Integer.parseInt(env.get("VMNETDIAG_MAX_CAPTURES_PER_NODE"))).isEqualTo(2);
    assertThat(Long.parseLong(env.get("VMNETDIAG_PCAP_RETENTION_HOURS"))).isEqualTo(72L);
    assertThat(Long.parseLong(env.get("VMNETDIAG_PCAP_NODE_LIMIT_MIB"))).isEqualTo(2048L);
  }

  @Test
  void variableListMatchesTheOperatorSource() throws IOException {
    // Catches a variable added to (or dropped from) OperatorSettings that the chart does not follow.
    Path source = Chart.dir().resolve("../../operator/src/main/java/io/vmnetdiag/operator/OperatorSettings.java")
        .normalize();
    Matcher names = Pattern.compile("\"(VMNETDIAG_[A-Z_]+)\"").matcher(Files.readString(source));
    Set<String> read = new TreeSet<>();
    while (names.find()) {
      read.add(names.group(1));
    }

    assertThat(read).containsExactlyInAnyOrderElementsOf(OPERATOR_SETTINGS_VARIABLES);
  }

  @Test
  void loggingVariablesMatchTheOperatorsLogConfiguration() throws IOException {
    Path config = Chart.dir().resolve("../../operator/src/main/resources/log4j2.xml").normalize();
    Matcher names = Pattern.compile("\\$\\{env:(VMNETDIAG_[A-Z_]+)").matcher(Files.readString(config));
    Set<String> read = new TreeSet<>();
    while (names.find()) {
      read.add(names.group(1));
    }

    assertThat(read).containsExactlyInAnyOrderElementsOf(LOGGING_VARIABLES);
  }

  @Test
  void electsItsLeaderOnALeaseInItsOwnNamespace() {
    EnvVar leaseNamespace = operator.getEnv().stream()
        .filter(e -> e.getName().equals("VMNETDIAG_LEADER_ELECTION_NAMESPACE")).findFirst().orElseThrow();

    assertThat(leaseNamespace.getValue()).isNull();
    assertThat(leaseNamespace.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
  }

  @Test
  void rollsOutOneReadyStandbyAtATime() {
    // Standbys pass /readyz, so a rollout can wait for each new pod before stopping an old one.
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
        .isEqualTo(new IntOrString(0));
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge())
        .isEqualTo(new IntOrString(1));
  }

  @Test
  void servesHealthOnANamedPortThatTheProbesUse() {
    assertThat(operator.getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("health");
      assertThat(port.getContainerPort()).isEqualTo(8081);
      assertThat(port.getProtocol()).isEqualTo("TCP");
    });
    assertHttpProbe(operator.getLivenessProbe(), "/healthz");
    assertHttpProbe(operator.getReadinessProbe(), "/readyz");
  }

  @Test
  void livenessAllowsForJvmStartAndAMissedCheck() {
    Probe liveness = operator.getLivenessProbe();

    assertThat(liveness.getInitialDelaySeconds()).isPositive();
    assertThat(liveness.getFailureThreshold()).isGreaterThan(1);
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).as(path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("health"));
    assertThat(probe.getExec()).isNull();
    assertThat(probe.getTcpSocket()).isNull();
  }

  @Test
  void hasResourceRequestsAndAMemoryLimit() {
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
  }

  /** Name to literal value; variables taken from the downward API map to null. */
  static Map<String, String> env(Container container) {
    Map<String, String> env = new HashMap<>();
    container.getEnv().forEach(variable -> {
      if (env.containsKey(variable.getName())) {
        throw new AssertionError("variable set twice: " + variable.getName());
      }
      env.put(variable.getName(), variable.getValue());
    });
    return env;
  }
}
