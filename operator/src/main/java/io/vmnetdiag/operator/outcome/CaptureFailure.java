package io.vmnetdiag.operator.outcome;

/** Why a capture attempt ended without a report to analyze; each cause one record holding the facts its message needs. */
public sealed interface CaptureFailure extends CaptureOutcome, DiagnosisOutcome permits CaptureFailure.NodeNotFound,
    CaptureFailure.NodeNotReady, CaptureFailure.NodeUnschedulable, CaptureFailure.ImagePullFailed,
    CaptureFailure.ContainerConfigFailed, CaptureFailure.Evicted, CaptureFailure.OomKilled, CaptureFailure.AgentFailed,
    CaptureFailure.PodDeleted, CaptureFailure.DeadlineExceeded, CaptureFailure.AgentCaptureFailed,
    CaptureFailure.PodNotOurs, CaptureFailure.PodRejected, CaptureFailure.ReportRejected,
    CaptureFailure.ReportUnreadable {

  /** No Node object of that name: checked before the pod is created and while it runs. */
  record NodeNotFound(String node) implements CaptureFailure {
  }

  /** The node's Ready condition is not True (before the pod is created, or for longer than the grace while it runs). */
  record NodeNotReady(String node, String status, String reason, String since) implements CaptureFailure {
  }

  /** The node is cordoned (spec.unschedulable): checked before the pod is created. */
  record NodeUnschedulable(String node) implements CaptureFailure {
  }

  /** The kubelet cannot pull the agent image (ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull). */
  record ImagePullFailed(String image, String reason, String detail) implements CaptureFailure {
  }

  /** The container cannot be configured or created, or a volume not mounted (FailedMount events). */
  record ContainerConfigFailed(String reason, String detail) implements CaptureFailure {
  }

  /** The pod was evicted or shut down with its node; the pod's reason, which wins over the container's. */
  record Evicted(String reason, String detail) implements CaptureFailure {
  }

  /** The agent was killed for exceeding its memory limit. */
  record OomKilled(String memoryLimit) implements CaptureFailure {
  }

  /** The agent exited without a report; the tail of its log, as the kubelet kept it (FallbackToLogsOnError). */
  record AgentFailed(Integer exitCode, String reason, String logTail) implements CaptureFailure {
  }

  /** The run's pod went away before it finished, deleted by someone other than the operator. */
  record PodDeleted(String pod) implements CaptureFailure {
  }

  /** The pod did not finish within the deadline, counted from the pod's creation. */
  record DeadlineExceeded(String pod, String node, long seconds, String phase) implements CaptureFailure {
  }

  /** The agent resolved the path but its capture failed (its report says so). */
  record AgentCaptureFailed(String detail) implements CaptureFailure {
  }

  /** A pod with the run's name that the operator did not create for this run: never adopted. */
  record PodNotOurs(String detail) implements CaptureFailure {
  }

  /** Pod Security admission refused the capture pod. */
  record PodRejected(String detail) implements CaptureFailure {
  }

  /** A readable report that does not echo this run. */
  record ReportRejected(String pod, String problem) implements CaptureFailure {
  }

  /** No complete report could be read, or it cannot be analyzed. */
  record ReportUnreadable(String detail) implements CaptureFailure {
  }
}
