package io.vmnetdiag.lab.kubelet;

import io.vmnetdiag.testkit.TestingNode;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the kubelet of lab nodes: runs the capture pods the operator creates, for real, as
 * processes inside the node's network namespace (which is what hostNetwork means on that node) holding only
 * the capabilities the container's securityContext grants, and writes their status back: Running, then
 * Terminated with exit code and termination message (the log's tail under FallbackToLogsOnError when the container
 * failed without one). {@link #fault} makes it play what a kubelet does when things go wrong ({@link KubeletFault}).
 */
public final class LabKubelet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LabKubelet.class);
  /** Kubernetes truncates termination messages to this many bytes. */
  private static final int TERMINATION_MESSAGE_LIMIT = 4096;
  /** What the kubelet keeps of the log under FallbackToLogsOnError: its last 80 lines, at most 2 KiB. */
  private static final int FALLBACK_LOG_LINES = 80;
  private static final int FALLBACK_LOG_BYTES = 2048;
  private static final String FALLBACK_TO_LOGS = "FallbackToLogsOnError";

  private final TestingNode node;
  private final KubernetesClient client;
  private final Map<String, String> nodeNamespaces = new ConcurrentHashMap<>();
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private final Map<String, KubeletFault> faults = new ConcurrentHashMap<>();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "lab-kubelet");
    t.setDaemon(true);
    return t;
  });
  private final ContainerCommands commands;
  private final Path workDir;
  private SharedIndexInformer<Pod> informer;

  /**
   * @param node serves the containers' logs through the API server, as a kubelet does, and finishes the
   *     deletion of pods
   */
  public LabKubelet(KubernetesClient client, TestingNode node, ContainerCommands commands) {
    this.node = node;
    this.client = client;
    this.commands = commands;
    try {
      this.workDir = Files.createTempDirectory("vmnetdiag-kubelet");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Declares a lab node: pods bound to {@code nodeName} run in network namespace {@code netns}. */
  public LabKubelet addNode(String nodeName, String netns) {
    nodeNamespaces.put(nodeName, netns);
    return this;
  }

  /** From now on, pods bound to {@code nodeName} meet {@code fault} instead of running to their end. */
  public LabKubelet fault(String nodeName, KubeletFault fault) {
    faults.put(nodeName, fault);
    if (fault == KubeletFault.NODE_NOT_READY) {
      markNodeNotReady(nodeName);
    }
    return this;
  }

  public LabKubelet start() {
    informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        String netns = nodeNamespaces.get(pod.getSpec().getNodeName());
        // The API server makes every new pod Pending; a kubelet starts what it has not started yet.
        if (netns != null && !running.containsKey(key(pod)) && (pod.getStatus() == null
            || pod.getStatus().getPhase() == null || "Pending".equals(pod.getStatus().getPhase()))) {
          KubeletFault fault = faults.get(pod.getSpec().getNodeName());
          workers.submit(() -> {
            if (fault == null || !playBeforeStart(pod, fault)) {
              run(pod, netns, fault);
            }
          });
        }
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        Process process = running.remove(key(pod));
        if (process != null) {
          process.descendants().forEach(ProcessHandle::destroy);
          process.destroy();
        }
      }
    });
    return this;
  }

  /**
   * The faults that strike before the container starts; true when one did (the pod then never runs). A node that
   * stopped reporting leaves its pods as they are: nothing on the node answers for them.
   */
  private boolean playBeforeStart(Pod pod, KubeletFault fault) {
    String image = pod.getSpec().getContainers().get(0).getImage();
    switch (fault) {
      case IMAGE_PULL -> {
        setStatus(pod, "Pending", waiting("ErrImagePull", "rpc error: code = NotFound desc = failed to pull and"
            + " unpack image \"" + image + "\": not found"), null, null);
        sleep(1000);
        setStatus(pod, "Pending", waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""), null,
            null);
      }
      case CONTAINER_CONFIG -> setStatus(pod, "Pending", waiting("CreateContainerConfigError",
          "failed to prepare subPath for volumeMount \"tmp\" of container \"agent\""), null, null);
      case FAILED_MOUNT -> {
        setStatus(pod, "Pending", waiting("ContainerCreating", null), null, null);
        recordEvent(pod, "FailedMount", "MountVolume.SetUp failed for volume \"libvirt-socket\" : hostPath type"
            + " check failed: /var/run/libvirt is not a directory");
      }
      case NODE_NOT_READY -> {
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private void run(Pod pod, String netns, KubeletFault fault) {
    String name = key(pod);
    try {
      Path terminationLog = workDir.resolve(pod.getMetadata().getName() + ".termination-log");
      Path output = workDir.resolve(pod.getMetadata().getName() + ".log");
      var container = pod.getSpec().getContainers().get(0);
      List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns));
      // Entering the namespace takes root's full rights; the container's process gets only what its spec grants.
      argv.addAll(ContainerPrivileges.setprivPrefix(pod.getSpec().getSecurityContext(), container));
      argv.addAll(commands.translate(container.getCommand(), container.getArgs()));
      ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
      container.getEnv().forEach(e -> builder.environment().put(e.getName(), e.getValue()));
      // Where a real kubelet bind-mounts terminationMessagePath, the lab names a file.
      builder.environment().put("VMNETDIAG_TERMINATION_LOG", terminationLog.toString());
      builder.environment().put("HOME", workDir.toString());
      Instant started = Instant.now();
      Process process = builder.start();
      running.put(name, process);
      setStatus(pod, "Running", new ContainerStateBuilder().withNewRunning().withStartedAt(started.toString())
          .endRunning().build());
      if (fault == KubeletFault.EVICT || fault == KubeletFault.OOM_KILL) {
        kill(pod, process, fault, started);
        return;
      }
      long deadline = pod.getSpec().getActiveDeadlineSeconds() == null ? 600 : pod.getSpec().getActiveDeadlineSeconds();
      boolean exited = process.waitFor(deadline, TimeUnit.SECONDS);
      if (!exited) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      if (running.remove(name) == null) {
        return; // the pod was deleted while it ran
      }
      String logText = Files.exists(output) ? Files.readString(output) : "";
      node.serveLog(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), container.getName(), logText);
      String message = Files.exists(terminationLog) ? truncate(Files.readString(terminationLog)) : null;
      int exit = process.exitValue();
      if ((message == null || message.isEmpty()) && exit != 0
          && FALLBACK_TO_LOGS.equals(container.getTerminationMessagePolicy())) {
        message = logTail(logText);
      }
      log.info("lab kubelet: pod {} exited {}", name, exit);
      setStatus(pod, exit == 0 ? "Succeeded" : "Failed", new ContainerStateBuilder().withNewTerminated()
          .withExitCode(exit)
          .withReason(!exited ? "DeadlineExceeded" : exit == 0 ? "Completed" : "Error")
          .withMessage(message)
          .withStartedAt(started.toString())
          .withFinishedAt(Instant.now().toString())
          .endTerminated().build());
    } catch (IOException | RuntimeException e) {
      log.error("lab kubelet: cannot run pod {}", name, e);
      setStatus(pod, "Failed", new ContainerStateBuilder().withNewTerminated().withExitCode(128)
          .withReason("StartError").withMessage(e.getMessage()).endTerminated().build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the running container as an eviction or the OOM killer does: SIGKILL, then the status that says which. */
  private void kill(Pod pod, Process process, KubeletFault fault, Instant started) throws InterruptedException {
    running.remove(key(pod));
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly().waitFor();
    var terminated = new ContainerStateBuilder().withNewTerminated().withExitCode(137)
        .withReason(fault == KubeletFault.OOM_KILL ? "OOMKilled" : "Error")
        .withStartedAt(started.toString()).withFinishedAt(Instant.now().toString()).endTerminated().build();
    if (fault == KubeletFault.EVICT) {
      setStatus(pod, "Failed", terminated, "Evicted", "The node was low on resource: memory. Threshold quantity:"
          + " 100Mi, available: 42Mi. Container agent was using 180Mi, request is 160Mi.");
    } else {
      setStatus(pod, "Failed", terminated, null, null);
    }
    log.info("lab kubelet: pod {} {}", key(pod), fault == KubeletFault.OOM_KILL ? "OOM-killed" : "evicted");
  }

  private void setStatus(Pod pod, String phase, io.fabric8.kubernetes.api.model.ContainerState state) {
    setStatus(pod, phase, state, null, null);
  }

  private void setStatus(Pod pod, String phase, io.fabric8.kubernetes.api.model.ContainerState state,
      String reason, String message) {
    var container = pod.getSpec().getContainers().get(0);
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .editStatus(p -> {
            p.setStatus(new PodStatusBuilder()
                .withPhase(phase)
                .withReason(reason)
                .withMessage(message)
                .withHostIP("127.0.0.1")
                .withContainerStatuses(new ContainerStatusBuilder()
                    .withName(container.getName())
                    .withImage(container.getImage())
                    .withReady("Running".equals(phase))
                    .withState(state)
                    .build())
                .build());
            return p;
          });
    } catch (KubernetesClientException e) {
      log.debug("lab kubelet: pod {} is gone: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }

  private static io.fabric8.kubernetes.api.model.ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
  }

  /** An event about the pod, from the kubelet, as `kubectl describe pod` shows it. */
  private void recordEvent(Pod pod, String reason, String message) {
    String now = Instant.now().toString();
    try {
      client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
          .endMetadata()
          .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endInvolvedObject()
          .withReason(reason).withMessage(message).withType("Warning").withCount(1)
          .withFirstTimestamp(now).withLastTimestamp(now)
          .withNewSource().withComponent("kubelet").withHost(pod.getSpec().getNodeName()).endSource()
          .build()).create();
    } catch (KubernetesClientException e) {
      log.debug("lab kubelet: cannot record event on {}: {}", key(pod), e.getMessage());
    }
  }

  /** What the node controller writes once a kubelet stops posting status. */
  private void markNodeNotReady(String nodeName) {
    String now = Instant.now().toString();
    client.nodes().withName(nodeName).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
        .withConditions(new NodeConditionBuilder().withType("Ready").withStatus("Unknown")
            .withReason("NodeStatusUnknown").withMessage("Kubelet stopped posting node status.")
            .withLastTransitionTime(now).withLastHeartbeatTime(now).build())
        .endStatus().build());
  }

  /** The kubelet's fallback message: the log's last lines, cut to its byte limit from the end. */
  static String logTail(String log) {
    List<String> lines = log.lines().toList();
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - FALLBACK_LOG_LINES), lines.size()));
    byte[] bytes = tail.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= FALLBACK_LOG_BYTES ? tail
        : new String(bytes, bytes.length - FALLBACK_LOG_BYTES, FALLBACK_LOG_BYTES, StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String truncate(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= TERMINATION_MESSAGE_LIMIT ? message
        : new String(bytes, 0, TERMINATION_MESSAGE_LIMIT, StandardCharsets.UTF_8);
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    running.values().forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
    workers.shutdownNow();
  }
}
