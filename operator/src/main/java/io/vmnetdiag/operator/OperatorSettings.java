package io.vmnetdiag.operator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the operator needs to know about its installation: the agent image and how capture pods run.
 *
 * @param agentImage image with the node agent (the same image as the operator, second entry point)
 * @param agentCommand the container command that starts the node agent
 * @param libvirtSocketDir host directory holding libvirt's socket, mounted read-only
 * @param startupGrace time allowed beyond the capture window for the pod to start and report
 * @param pcapHostDirectory node directory that keeps pcap files, mounted at the same path in capture pods
 */
public record OperatorSettings(
    String agentImage,
    List<String> agentCommand,
    String libvirtSocketDir,
    Duration startupGrace,
    String pcapHostDirectory) {

  public static final String DEFAULT_IMAGE = "ghcr.io/vmnetdiag/vmnetdiag:0.1.0";
  public static final List<String> DEFAULT_AGENT_COMMAND = List.of("vmnetdiag", "agent");

  /** Settings from the environment the Helm chart sets, with defaults for what is unset. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        env.getOrDefault("VMNETDIAG_AGENT_IMAGE", DEFAULT_IMAGE),
        DEFAULT_AGENT_COMMAND,
        env.getOrDefault("VMNETDIAG_LIBVIRT_SOCKET_DIR", "/var/run/libvirt"),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("VMNETDIAG_STARTUP_GRACE_SECONDS", "120"))),
        env.getOrDefault("VMNETDIAG_PCAP_HOST_DIR", "/var/lib/vmnetdiag/captures"));
  }

  /** These settings with another node directory for pcap files. */
  public OperatorSettings withPcapHostDirectory(String directory) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, directory);
  }

  public static OperatorSettings defaults() {
    return fromEnvironment(Map.of());
  }
}
