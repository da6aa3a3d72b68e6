package io.vmnetdiag.lab.kubelet;

import io.vmnetdiag.testkit.TestingNode;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
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
 * Terminated with exit code and termination message.
 */
public final class LabKubelet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LabKubelet.class);
  /** Kubernetes truncates termination messages to this many bytes. */
  private static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private final TestingNode node;
  private final KubernetesClient client;
  private final Map<String, String> nodeNamespaces = new ConcurrentHashMap<>();
  private final Map<String, Process> running = new ConcurrentHashMap<>();
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

  public LabKubelet start() {
    informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        String netns = nodeNamespaces.get(pod.getSpec().getNodeName());
        // The API server makes every new pod Pending; a kubelet starts what it has not started yet.
        if (netns != null && !running.containsKey(key(pod)) && (pod.getStatus() == null
            || pod.getStatus().getPhase() == null || "Pending".equals(pod.getStatus().getPhase()))) {
          workers.submit(() -> run(pod, netns));
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

  private void run(Pod pod, String netns) {
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

  private void setStatus(Pod pod, String phase, io.fabric8.kubernetes.api.model.ContainerState state) {
    var container = pod.getSpec().getContainers().get(0);
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .editStatus(p -> {
            p.setStatus(new PodStatusBuilder()
                .withPhase(phase)
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
