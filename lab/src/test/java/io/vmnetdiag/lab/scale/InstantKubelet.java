package io.vmnetdiag.lab.scale;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.testkit.TestingNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet for many nodes that runs no process: each capture pod bound to one of its nodes is set Running, held
 * there for a given time (its capture window; zero: none), then terminated with the report the agent would have left for the pod's own capture request ({@link ReplayAgent}),
 * in its termination message and, for a large report, in its log, which the node's {@link TestingNode} serves to
 * the API server as the lab kubelet's nodes do. It also counts how many capture pods each node ran at once.
 */
final class InstantKubelet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InstantKubelet.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, TestingNode> nodes;
  private final ReplayAgent agent;
  private final Duration running;
  /** A thread per node, as each node has its own kubelet: with fewer, pods queue here, not in the operator. */
  private final ExecutorService workers;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "instant-kubelet-timer");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  /** Capture pods running per node (started, not yet terminated), and the most at once. */
  private final Map<String, AtomicInteger> capturing = new ConcurrentHashMap<>();
  private final Map<String, Integer> mostAtOnce = new ConcurrentHashMap<>();
  private final AtomicInteger reports = new AtomicInteger();
  private SharedIndexInformer<Pod> informer;

  /** @param running how long each pod stays Running before it terminates with its report */
  InstantKubelet(KubernetesClient client, String namespace, Map<String, TestingNode> nodes, ReplayAgent agent,
      Duration running) {
    this.running = running;
    this.client = client;
    this.namespace = namespace;
    this.nodes = nodes;
    this.agent = agent;
    this.workers = Executors.newFixedThreadPool(Math.max(1, nodes.size()), r -> {
      Thread t = new Thread(r, "instant-kubelet");
      t.setDaemon(true);
      return t;
    });
  }

  InstantKubelet start() {
    informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        String node = pod.getSpec().getNodeName();
        if (nodes.containsKey(node) && started.add(pod.getMetadata().getUid())) {
          workers.submit(() -> start(pod));
        }
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
      }
    });
    return this;
  }

  private void start(Pod pod) {
    String node = pod.getSpec().getNodeName();
    mostAtOnce.merge(node, capturing.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet(), Math::max);
    Instant startedAt = Instant.now();
    setStatus(pod, "Running", new ContainerStateBuilder().withNewRunning().withStartedAt(startedAt.toString())
        .endRunning().build());
    timers.schedule(() -> workers.submit(() -> finish(pod, startedAt)), running.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void finish(Pod pod, Instant startedAt) {
    capturing.get(pod.getSpec().getNodeName()).decrementAndGet();
    var container = pod.getSpec().getContainers().get(0);
    String requestJson = container.getEnv().stream().filter(e -> CaptureRequest.ENV.equals(e.getName()))
        .map(EnvVar::getValue).findFirst().orElse(null);
    ReportCodec.Encoded encoded;
    try {
      encoded = agent.run(requestJson == null ? "" : requestJson);
    } catch (RuntimeException e) {
      log.error("instant kubelet: no report for pod {}", pod.getMetadata().getName(), e);
      setStatus(pod, "Failed", new ContainerStateBuilder().withNewTerminated().withExitCode(1).withReason("Error")
          .withStartedAt(startedAt.toString()).withFinishedAt(Instant.now().toString()).endTerminated().build());
      return;
    }
    // The log before the termination message, as the agent writes them.
    nodes.get(pod.getSpec().getNodeName()).serveLog(namespace, pod.getMetadata().getName(), container.getName(),
        encoded.logLines().isEmpty() ? "" : String.join("\n", encoded.logLines()) + "\n");
    setStatus(pod, "Succeeded", new ContainerStateBuilder().withNewTerminated().withExitCode(0)
        .withReason("Completed").withMessage(encoded.terminationMessage()).withStartedAt(startedAt.toString())
        .withFinishedAt(Instant.now().toString()).endTerminated().build());
    reports.incrementAndGet();
  }

  private void setStatus(Pod pod, String phase, ContainerState state) {
    var container = pod.getSpec().getContainers().get(0);
    try {
      client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).editStatus(p -> {
        p.setStatus(new PodStatusBuilder().withPhase(phase).withHostIP("127.0.0.1")
            .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName())
                .withImage(container.getImage()).withReady("Running".equals(phase)).withState(state).build())
            .build());
        return p;
      });
    } catch (KubernetesClientException e) {
      log.debug("instant kubelet: pod {} is gone: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }

  /** Reports handed over so far. */
  int reports() {
    return reports.get();
  }

  /** The most capture pods any one node ran at once. */
  int mostPodsOnANode() {
    return mostAtOnce.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    timers.shutdownNow();
    workers.shutdownNow();
  }
}
