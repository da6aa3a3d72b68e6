package io.vmnetdiag.operator;

import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.operator.libvirt.LibvirtUris;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator needs to know about its installation: the agent image and how capture pods run.
 *
 * @param agentImage image with the node agent (the same image as the operator, second entry point)
 * @param agentCommand the container command that starts the node agent
 * @param libvirtSocketDir host directory holding libvirt's socket, mounted read-only
 * @param startupGrace time allowed beyond the capture window for the pod to start and report
 * @param pcapHostDirectory node directory that keeps pcap files, mounted at the same path in capture pods
 * @param pcapRetention how long a run's pcap files stay on the node before a later capture there removes them
 * @param pcapNodeLimitBytes the most bytes of pcap files a node keeps; a capture removes the oldest runs to fit
 * @param watchNamespaces namespaces whose diagnoses this operator serves; empty: all
 * @param leaseNamespace where the leader-election lease lives; null: no leader election (one replica only)
 * @param healthPort port of the /healthz and /readyz endpoints; 0: none
 * @param captureNamespace the one namespace capture pods run in (Pod Security privileged, out of tenants' reach)
 * @param maxCapturesPerNode capture pods that may run on one node at a time; further diagnoses wait, Queued
 * @param policyName the DiagnosisPolicy this installation enforces
 * @param libvirtUris the libvirt URI per node group (tenants do not choose it)
 */
public record OperatorSettings(
    String agentImage,
    List<String> agentCommand,
    String libvirtSocketDir,
    Duration startupGrace,
    String pcapHostDirectory,
    Duration pcapRetention,
    long pcapNodeLimitBytes,
    Set<String> watchNamespaces,
    String leaseNamespace,
    int healthPort,
    String captureNamespace,
    int maxCapturesPerNode,
    String policyName,
    LibvirtUris libvirtUris) {

  /** Name of the leader-election lease. */
  public static final String LEASE_NAME = "vmnetdiag-operator-leader";

  public static final String DEFAULT_IMAGE = "ghcr.io/vmnetdiag/vmnetdiag:0.1.0";
  /** The chart's default capture namespace, for runs outside the chart. */
  public static final String DEFAULT_CAPTURE_NAMESPACE = "vmnetdiag-capture";
  /** Capture pods per node unless the chart says otherwise: each holds packet rings for every hop. */
  public static final int DEFAULT_MAX_CAPTURES_PER_NODE = 2;
  public static final List<String> DEFAULT_AGENT_COMMAND = List.of("vmnetdiag", "agent");
  /**
   * Diagnoses reconciled at once. A reconcile mostly waits on the API server (a few requests, no CPU of note), so
   * threads, not cores, bound it; the API server's own in-flight limits (400 reads, 200 writes by default) are far
   * above, and each capture start holds only its node's lock. The client does not limit requests: Fabric8's JDK
   * client multiplexes them over HTTP/2 and applies no rate limit nor maxConcurrentRequests.
   */
  public static final int RECONCILE_THREADS = 50;
  private static final long MIB = 1024L * 1024;

  /** Settings from the environment the Helm chart sets, with defaults for what is unset. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        env.getOrDefault("VMNETDIAG_AGENT_IMAGE", DEFAULT_IMAGE),
        DEFAULT_AGENT_COMMAND,
        env.getOrDefault("VMNETDIAG_LIBVIRT_SOCKET_DIR", "/var/run/libvirt"),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("VMNETDIAG_STARTUP_GRACE_SECONDS", "120"))),
        env.getOrDefault("VMNETDIAG_PCAP_HOST_DIR", "/var/lib/vmnetdiag/captures"),
        Duration.ofHours(Long.parseLong(env.getOrDefault("VMNETDIAG_PCAP_RETENTION_HOURS", "72"))),
        MIB * Long.parseLong(env.getOrDefault("VMNETDIAG_PCAP_NODE_LIMIT_MIB", "2048")),
        namespaces(env.getOrDefault("VMNETDIAG_WATCH_NAMESPACES", "")),
        blankToNull(env.get("VMNETDIAG_LEADER_ELECTION_NAMESPACE")),
        Integer.parseInt(env.getOrDefault("VMNETDIAG_HEALTH_PORT", "0")),
        env.getOrDefault("VMNETDIAG_CAPTURE_NAMESPACE", DEFAULT_CAPTURE_NAMESPACE),
        Integer.parseInt(env.getOrDefault("VMNETDIAG_MAX_CAPTURES_PER_NODE",
            String.valueOf(DEFAULT_MAX_CAPTURES_PER_NODE))),
        env.getOrDefault("VMNETDIAG_POLICY_NAME", DiagnosisPolicy.DEFAULT_NAME),
        LibvirtUris.parse(env.getOrDefault("VMNETDIAG_LIBVIRT_URI", LibvirtTarget.DEFAULT_URI),
            env.get("VMNETDIAG_LIBVIRT_NODE_GROUPS")));
  }

  /** These settings with another node directory for pcap files. */
  public OperatorSettings withPcapHostDirectory(String directory) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, directory, pcapRetention,
        pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace, maxCapturesPerNode,
        policyName, libvirtUris);
  }

  /** These settings with capture pods in another namespace. */
  public OperatorSettings withCaptureNamespace(String namespace) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, namespace, maxCapturesPerNode,
        policyName, libvirtUris);
  }

  /** These settings with another number of capture pods per node. */
  public OperatorSettings withMaxCapturesPerNode(int max) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace, max,
        policyName, libvirtUris);
  }

  /** These settings with other libvirt URIs (the lab's libvirtd or test driver). */
  public OperatorSettings withLibvirtUris(LibvirtUris uris) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace,
        maxCapturesPerNode, policyName, uris);
  }

  /** These settings enforcing another DiagnosisPolicy. */
  public OperatorSettings withPolicyName(String name) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace,
        maxCapturesPerNode, name, libvirtUris);
  }

  private static Set<String> namespaces(String list) {
    Set<String> namespaces = new TreeSet<>();
    for (String namespace : list.split(",")) {
      if (!namespace.isBlank()) {
        namespaces.add(namespace.strip());
      }
    }
    return Set.copyOf(namespaces);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public static OperatorSettings defaults() {
    return fromEnvironment(Map.of());
  }
}
