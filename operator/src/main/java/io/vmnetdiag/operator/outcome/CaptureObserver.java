package io.vmnetdiag.operator.outcome;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.vmnetdiag.operator.capture.CapturePods;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads where a capture attempt stands from its pod, its node and, while the pod is pending, its events. The order
 * is the order of precedence: a report is read whenever the agent wrote one; the pod's own reason (eviction) wins
 * over its container's; a gone or NotReady node over the stale state its pod shows.
 */
public final class CaptureObserver {
  /** The kubelet's waiting reasons of an image it cannot pull. */
  static final Set<String> IMAGE_PULL = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
      "ErrImageNeverPull");
  /** The kubelet's waiting reasons of a container it cannot configure, create or start. */
  static final Set<String> CONTAINER_CONFIG = Set.of("CreateContainerConfigError", "CreateContainerError",
      "RunContainerError");
  /** Pod reasons of a pod the node put out: eviction (pressure, API-initiated) and graceful node shutdown. */
  static final Set<String> EVICTION = Set.of("Evicted", "Preempting", "Shutdown", "NodeShutdown", "Terminated");
  /** Exit codes of an agent that reported (AgentMain): 0 captured, 2 could not diagnose. */
  static final Set<Integer> REPORTED = Set.of(0, 2);
  /** How much of the agent's log a status message carries: the last lines say why it stopped. */
  static final int LOG_TAIL_LINES = 8;
  static final int LOG_TAIL_CHARS = 800;

  private CaptureObserver() {
  }

  /**
   * @param node the pod's node as the API server has it, null when there is none
   * @param events the pod's events, asked for only while the pod is pending
   * @param deadline how long the pod may take from its creation
   */
  public static CaptureOutcome observe(Pod pod, Node node, Supplier<List<Event>> events, Instant now,
      Duration deadline, Duration nodeNotReadyGrace) {
    String podReason = pod.getStatus() == null ? null : pod.getStatus().getReason();
    if (podReason != null && EVICTION.contains(podReason)) {
      return new CaptureFailure.Evicted(podReason, pod.getStatus().getMessage());
    }
    ContainerStatus agent = agentStatus(pod);
    ContainerStateTerminated terminated = agent == null || agent.getState() == null ? null
        : agent.getState().getTerminated();
    if (terminated != null) {
      return ended(pod, terminated);
    }
    String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending"
        : pod.getStatus().getPhase();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return new CaptureFailure.PodDeleted(pod.getMetadata().getName());
    }
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return "DeadlineExceeded".equals(podReason)
          ? new CaptureFailure.DeadlineExceeded(pod.getMetadata().getName(), pod.getSpec().getNodeName(),
          deadline.toSeconds(), phase)
          : new CaptureFailure.AgentFailed(null, podReason, pod.getStatus().getMessage());
    }
    CaptureFailure nodeProblem = NodeCheck.whileRunning(pod.getSpec().getNodeName(), node, now, nodeNotReadyGrace);
    if (nodeProblem != null) {
      return nodeProblem;
    }
    ContainerStateWaiting waiting = agent == null || agent.getState() == null ? null : agent.getState().getWaiting();
    if (waiting != null && IMAGE_PULL.contains(waiting.getReason())) {
      return new CaptureFailure.ImagePullFailed(agentImage(pod), waiting.getReason(), waiting.getMessage());
    }
    if (waiting != null && CONTAINER_CONFIG.contains(waiting.getReason())) {
      return new CaptureFailure.ContainerConfigFailed(waiting.getReason(), waiting.getMessage());
    }
    if ("Pending".equals(phase)) {
      Event mount = events.get().stream().filter(e -> "FailedMount".equals(e.getReason()))
          .max(Comparator.comparing(CaptureObserver::eventTime)).orElse(null);
      if (mount != null) {
        return new CaptureFailure.ContainerConfigFailed("FailedMount", mount.getMessage());
      }
    }
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    if (now.isAfter(created.plus(deadline))) {
      return new CaptureFailure.DeadlineExceeded(pod.getMetadata().getName(), pod.getSpec().getNodeName(),
          deadline.toSeconds(), phase);
    }
    return new CaptureOutcome.Waiting("Running".equals(phase));
  }

  /** The agent container terminated: a report, an OOM kill, or a failure with the tail of its log. */
  private static CaptureOutcome ended(Pod pod, ContainerStateTerminated terminated) {
    if ("OOMKilled".equals(terminated.getReason())) {
      Quantity limit = pod.getSpec().getContainers().get(0).getResources() == null ? null
          : pod.getSpec().getContainers().get(0).getResources().getLimits().get("memory");
      return new CaptureFailure.OomKilled(limit == null ? null : limit.toString());
    }
    Integer exit = terminated.getExitCode();
    if (exit != null && REPORTED.contains(exit)) {
      return new CaptureOutcome.Reported(exit);
    }
    // With FallbackToLogsOnError the kubelet puts the log's tail here when the agent wrote no message.
    return new CaptureFailure.AgentFailed(exit, terminated.getReason(), tail(terminated.getMessage()));
  }

  static String tail(String log) {
    if (log == null || log.isBlank()) {
      return null;
    }
    List<String> lines = log.strip().lines().toList();
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    return tail.length() <= LOG_TAIL_CHARS ? tail : "..." + tail.substring(tail.length() - LOG_TAIL_CHARS);
  }

  private static ContainerStatus agentStatus(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    return statuses == null ? null : statuses.stream().filter(s -> CapturePods.CONTAINER.equals(s.getName()))
        .findFirst().orElse(null);
  }

  private static String agentImage(Pod pod) {
    return pod.getSpec().getContainers().get(0).getImage();
  }

  private static String eventTime(Event e) {
    String time = e.getLastTimestamp() != null ? e.getLastTimestamp()
        : e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
    return time == null ? "" : time;
  }
}
