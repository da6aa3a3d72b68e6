package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Where a capture pod stands, read from its status.
 *
 * @param finished the agent container terminated, or the pod failed as a whole
 * @param exitCode the agent's exit code, when it terminated
 * @param terminationMessage what the agent wrote to its termination message
 * @param problem how the pod ended, for messages: the agent's exit, or the pod's failure (eviction, deadline)
 */
public record CapturePodOutcome(boolean finished, Integer exitCode, String terminationMessage, String problem) {

  public static CapturePodOutcome of(Pod pod) {
    ContainerStateTerminated terminated = agentTermination(pod);
    if (terminated != null) {
      return new CapturePodOutcome(true, terminated.getExitCode(), terminated.getMessage(),
          "the agent exited with code " + terminated.getExitCode()
              + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")"));
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      String reason = pod.getStatus().getReason();
      String message = pod.getStatus().getMessage();
      return new CapturePodOutcome(true, null, null,
          "pod " + phase.toLowerCase() + (reason == null ? "" : " (" + reason + ")")
              + (message == null ? "" : ": " + message));
    }
    return new CapturePodOutcome(false, null, null, null);
  }

  private static ContainerStateTerminated agentTermination(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return null;
    }
    return statuses.stream()
        .filter(s -> CapturePods.CONTAINER.equals(s.getName()))
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated())
        .findFirst()
        .orElse(null);
  }
}
