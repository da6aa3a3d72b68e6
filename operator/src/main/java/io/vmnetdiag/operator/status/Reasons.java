package io.vmnetdiag.operator.status;

/** CamelCase condition reasons written by the operator. */
public final class Reasons {
  public static final String PENDING = "Pending";
  public static final String INVALID_SPEC = "InvalidSpec";
  /** Waiting for a capture slot: the node runs its maximum of capture pods, or the VM already has one. */
  public static final String QUEUED = "Queued";
  /** The DiagnosisPolicy allows this namespace no such diagnosis: final until the policy or the spec changes. */
  public static final String POLICY_DENIED = "PolicyDenied";
  /** KubeVirt targets the operator could not resolve (final; see kubevirt.VmiProblem). */
  public static final String VMI_NOT_FOUND = "VmiNotFound";
  public static final String VMI_NOT_RUNNING = "VmiNotRunning";
  /** A live migration is under way: never captured, as the capture could watch the wrong node. */
  public static final String VMI_MIGRATING = "VmiMigrating";
  public static final String INTERFACE_NOT_FOUND = "InterfaceNotFound";
  public static final String BINDING_NOT_SUPPORTED = "BindingNotSupported";
  public static final String LAUNCHER_POD_NOT_FOUND = "LauncherPodNotFound";
  public static final String CAPTURE_POD_CREATED = "CapturePodCreated";
  public static final String CAPTURE_RUNNING = "CaptureRunning";
  public static final String CAPTURE_COMPLETED = "CaptureCompleted";
  public static final String CAPTURE_FAILED = "CaptureFailed";
  public static final String CAPTURE_TIMED_OUT = "CaptureTimedOut";
  /** Admission (Pod Security) refused the capture pod: final until the namespace's level changes. */
  public static final String CAPTURE_POD_REJECTED = "CapturePodRejected";
  /** A pod with this run's name that the operator did not create for this run: never adopted, deleted. */
  public static final String CAPTURE_POD_NOT_OURS = "CapturePodNotOurs";
  /** A readable report that does not echo this run (nonce, diagnosis UID, generation). */
  public static final String REPORT_REJECTED = "ReportRejected";
  public static final String REPORT_UNREADABLE = "ReportUnreadable";
  /** Capture failures, mapped from outcome.CaptureFailure by outcome.OutcomeTable. */
  public static final String NODE_NOT_FOUND = "NodeNotFound";
  public static final String NODE_NOT_READY = "NodeNotReady";
  public static final String NODE_UNSCHEDULABLE = "NodeUnschedulable";
  public static final String IMAGE_PULL_FAILED = "ImagePullFailed";
  public static final String CONTAINER_CONFIG_FAILED = "ContainerConfigFailed";
  public static final String EVICTED = "Evicted";
  public static final String OOM_KILLED = "OOMKilled";
  public static final String AGENT_FAILED = "AgentFailed";
  public static final String CAPTURE_POD_DELETED = "CapturePodDeleted";
  /** Reconciling's reason while a transient failure's next attempt waits for its backoff. */
  public static final String RETRYING = "Retrying";
  public static final String PATH_RESOLVED = "PathResolved";
  public static final String VERDICT_REACHED = "VerdictReached";
  public static final String DIAGNOSED = "Diagnosed";
  public static final String IN_PROGRESS = "InProgress";
  public static final String RECONCILE_FAILED = "ReconcileFailed";
  /** A finished diagnosis starts again: a new vmnetdiag.io/rerun value, or its schedule's time. */
  public static final String RERUN = "Rerun";
  /** Follow-ups that only record an Event (never on a condition): named in outcome.OutcomeTable like the rest. */
  public static final String VERDICT_CHANGED = "VerdictChanged";
  public static final String EXPIRED = "Expired";

  private Reasons() {
  }
}
