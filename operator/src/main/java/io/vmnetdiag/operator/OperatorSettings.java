package io.vmnetdiag.operator;

import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.operator.capture.CapturePodOptions;
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
 * @param capturePod resources, tolerations, priority class, annotations and pull secrets of capture pods
 * @param retry how capture attempts that end for a transient cause are retried
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
    LibvirtUris libvirtUris,
    CapturePodOptions capturePod,
    Retry retry) {


  /**
   * Capture attempts that end for a transient cause (eviction, node NotReady, pod deleted) and what counts as one.
   *
   * @param maxAttempts attempts per spec generation; the last transient failure is final
   * @param backoff wait before the second attempt; doubled before each further one
   * @param maxBackoff the longest wait between attempts
   * @param nodeNotReadyGrace how long the capture's node may be NotReady before its running attempt is given up
   * @param pendingRecheck how often a pending capture pod is looked at again: mount failures show only as events
   */
  public record Retry(int maxAttempts, Duration backoff, Duration maxBackoff, Duration nodeNotReadyGrace,
      Duration pendingRecheck) {
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    /** Beyond the 40 s a node controller waits before it marks a silent node NotReady: a blip is not a failure. */
    public static final Duration DEFAULT_NODE_NOT_READY_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PENDING_RECHECK = Duration.ofSeconds(10);

    static Retry fromEnvironment(Map<String, String> env) {
      return new Retry(
          Integer.parseInt(env.getOrDefault("VMNETDIAG_CAPTURE_MAX_ATTEMPTS", String.valueOf(DEFAULT_MAX_ATTEMPTS))),
          seconds(env, "VMNETDIAG_CAPTURE_RETRY_BACKOFF_SECONDS", DEFAULT_BACKOFF),
          seconds(env, "VMNETDIAG_CAPTURE_RETRY_MAX_BACKOFF_SECONDS", DEFAULT_MAX_BACKOFF),
          seconds(env, "VMNETDIAG_NODE_NOT_READY_GRACE_SECONDS", DEFAULT_NODE_NOT_READY_GRACE),
          DEFAULT_PENDING_RECHECK);
    }

    /** The wait before attempt {@code next} (2 or more): the backoff doubled per earlier retry, capped. */
    public Duration before(int next) {
      Duration wait = backoff;
      for (int i = 2; i < next && wait.compareTo(maxBackoff) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
      return Duration.ofSeconds(Long.parseLong(env.getOrDefault(name, String.valueOf(fallback.toSeconds()))));
    }
  }

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
            env.get("VMNETDIAG_LIBVIRT_NODE_GROUPS")),
        CapturePodOptions.fromJson(env.get("VMNETDIAG_CAPTURE_POD")),
        Retry.fromEnvironment(env));
  }

  /** These settings with another node directory for pcap files. */
  public OperatorSettings withPcapHostDirectory(String directory) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, directory, pcapRetention,
        pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace, maxCapturesPerNode,
        policyName, libvirtUris, capturePod, retry);
  }

  /** These settings with capture pods in another namespace. */
  public OperatorSettings withCaptureNamespace(String namespace) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, namespace, maxCapturesPerNode,
        policyName, libvirtUris, capturePod, retry);
  }

  /** These settings with another number of capture pods per node. */
  public OperatorSettings withMaxCapturesPerNode(int max) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace, max,
        policyName, libvirtUris, capturePod, retry);
  }

  /** These settings with other libvirt URIs (the lab's libvirtd or test driver). */
  public OperatorSettings withLibvirtUris(LibvirtUris uris) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace,
        maxCapturesPerNode, policyName, uris, capturePod, retry);
  }

  /** These settings with other retries of transient capture failures. */
  public OperatorSettings withRetry(Retry other) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace,
        maxCapturesPerNode, policyName, libvirtUris, capturePod, other);
  }

  /** These settings enforcing another DiagnosisPolicy. */
  public OperatorSettings withPolicyName(String name) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace,
        maxCapturesPerNode, name, libvirtUris, capturePod, retry);
  }

  /** These settings with other capture pod options. */
  public OperatorSettings withCapturePod(CapturePodOptions options) {
    return new OperatorSettings(agentImage, agentCommand, libvirtSocketDir, startupGrace, pcapHostDirectory,
        pcapRetention, pcapNodeLimitBytes, watchNamespaces, leaseNamespace, healthPort, captureNamespace,
        maxCapturesPerNode, policyName, libvirtUris, options, retry);
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
