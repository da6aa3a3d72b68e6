package io.vmnetdiag.operator.outcome;

import io.vmnetdiag.operator.events.EventReason;
import io.vmnetdiag.operator.kubevirt.VmiProblem;
import io.vmnetdiag.operator.outcome.CaptureFailure.AgentCaptureFailed;
import io.vmnetdiag.operator.outcome.CaptureFailure.AgentFailed;
import io.vmnetdiag.operator.outcome.CaptureFailure.ContainerConfigFailed;
import io.vmnetdiag.operator.outcome.CaptureFailure.DeadlineExceeded;
import io.vmnetdiag.operator.outcome.CaptureFailure.Evicted;
import io.vmnetdiag.operator.outcome.CaptureFailure.ImagePullFailed;
import io.vmnetdiag.operator.outcome.CaptureFailure.NodeNotFound;
import io.vmnetdiag.operator.outcome.CaptureFailure.NodeNotReady;
import io.vmnetdiag.operator.outcome.CaptureFailure.NodeUnschedulable;
import io.vmnetdiag.operator.outcome.CaptureFailure.OomKilled;
import io.vmnetdiag.operator.outcome.CaptureFailure.PodDeleted;
import io.vmnetdiag.operator.outcome.CaptureFailure.PodNotOurs;
import io.vmnetdiag.operator.outcome.CaptureFailure.PodRejected;
import io.vmnetdiag.operator.outcome.CaptureFailure.ReportRejected;
import io.vmnetdiag.operator.outcome.CaptureFailure.ReportUnreadable;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.CaptureRunning;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.CaptureStarted;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.Diagnosed;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.Expired;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.GaveUp;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.InvalidSpec;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.NewRun;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.OperatorError;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.PathUnresolved;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.PolicyDenied;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.Queued;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.Retrying;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.TargetUnresolved;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.VerdictChanged;
import io.vmnetdiag.operator.status.Reasons;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place that says what each {@link DiagnosisOutcome} means: its reason (on Ready and Stalled for an end, on
 * Reconciling for a wait), its status message, its Event (reason, type, message), whether it ends the generation,
 * and the kstatus state it leaves. Only the status' shape per outcome (which stage conditions say what) is
 * {@link OutcomeStatus}'.
 */
public final class OutcomeTable {
  /** What an outcome does to the diagnosis' current generation. */
  public enum Ending {
    /** Ends it: completionTime is set, the capture pod goes. */
    FINAL,
    /** A capture failure another attempt may mend: becomes {@link Retrying} or, with none left, {@link GaveUp}. */
    TRANSIENT,
    /** It goes on: the operator works or waits. */
    WAITING,
    /** Follows an end without changing the status (an Event only). */
    FOLLOW_UP
  }

  /** kstatus' reading of the status the outcome leaves (sigs.k8s.io/cli-utils). */
  public enum KstatusState {
    /** InProgress: Reconciling=True. */
    RECONCILING,
    /** Failed: Stalled=True, Ready=False. */
    STALLED,
    /** Current: Ready=True. */
    READY,
    /** Terminating: the diagnosis is being deleted. */
    TERMINATING
  }

  /**
   * One outcome's row. {@code reason} and {@code message} are the status'; {@code eventMessage} null means no Event
   * this time (the same wait seen again); an {@code event} of null, that the outcome never records one; {@code because}
   * completes "Nothing was captured: ..." for an end before any capture.
   */
  public record Row<T extends DiagnosisOutcome>(Class<T> type, Function<T, String> reason,
      Function<T, EventReason> event, Ending ending, KstatusState state, Function<T, String> message,
      Function<T, String> eventMessage, String because) {
    Entry entry(DiagnosisOutcome outcome) {
      T typed = type.cast(outcome);
      return new Entry(reason.apply(typed), message.apply(typed), event.apply(typed), eventMessage.apply(typed),
          ending, state, because);
    }
  }

  /** An outcome as the status and events show it. */
  public record Entry(String reason, String message, EventReason event, String eventMessage, Ending ending,
      KstatusState state, String because) {
    /** Whether another attempt may succeed. */
    public boolean transientCause() {
      return ending == Ending.TRANSIENT;
    }

    /** Whether an Event is recorded for it now. */
    public boolean recordsEvent() {
      return event != null && eventMessage != null;
    }
  }

  /** A KubeVirt target that cannot be captured now: its own reason and a Warning Event of the same name. */
  private static final Map<VmiProblem, String> VMI_REASONS = new EnumMap<>(Map.of(
      VmiProblem.VmiNotFound, Reasons.VMI_NOT_FOUND, VmiProblem.VmiNotRunning, Reasons.VMI_NOT_RUNNING,
      VmiProblem.VmiMigrating, Reasons.VMI_MIGRATING, VmiProblem.InterfaceNotFound, Reasons.INTERFACE_NOT_FOUND,
      VmiProblem.BindingNotSupported, Reasons.BINDING_NOT_SUPPORTED,
      VmiProblem.LauncherPodNotFound, Reasons.LAUNCHER_POD_NOT_FOUND));
  private static final Map<VmiProblem, EventReason> VMI_EVENTS = new EnumMap<>(Map.of(
      VmiProblem.VmiNotFound, EventReason.VmiNotFound, VmiProblem.VmiNotRunning, EventReason.VmiNotRunning,
      VmiProblem.VmiMigrating, EventReason.VmiMigrating, VmiProblem.InterfaceNotFound, EventReason.InterfaceNotFound,
      VmiProblem.BindingNotSupported, EventReason.BindingNotSupported,
      VmiProblem.LauncherPodNotFound, EventReason.LauncherPodNotFound));

  private static final List<Row<?>> ROWS = List.of(
      end(InvalidSpec.class, Reasons.INVALID_SPEC, EventReason.InvalidSpec, "the spec is invalid",
          o -> "The spec is invalid: " + String.join("; ", o.problems()) + ".", o -> String.join("; ", o.problems())),
      end(PolicyDenied.class, Reasons.POLICY_DENIED, EventReason.PolicyDenied, "the policy denies it",
          o -> "Denied by policy: " + o.denial() + ".", PolicyDenied::denial),
      new Row<>(TargetUnresolved.class, o -> VMI_REASONS.get(o.problem()), o -> VMI_EVENTS.get(o.problem()),
          Ending.FINAL, KstatusState.STALLED,
          TargetUnresolved::message, TargetUnresolved::message, "the target could not be resolved"),
      new Row<>(PathUnresolved.class, PathUnresolved::reason, o -> EventReason.PathUnresolved, Ending.FINAL,
          KstatusState.STALLED, PathUnresolved::message, o -> o.reason() + ": " + o.message(), "the path is unknown"),
      new Row<>(Diagnosed.class, o -> Reasons.DIAGNOSED, o -> EventReason.Diagnosed, Ending.FINAL, KstatusState.READY,
          o -> (o.verdict().getReason().isConclusive() ? "" : "Inconclusive: ") + o.verdict().getSummary(),
          o -> o.verdict().getReason() + " at " + o.verdict().getLocation() + ": " + o.verdict().getSummary(), null),
      failure(NodeNotFound.class, Reasons.NODE_NOT_FOUND, EventReason.NodeNotFound, Ending.FINAL,
          f -> "Node " + f.node() + " does not exist: the VM's node is gone or misnamed, so nothing can capture there."),
      failure(NodeNotReady.class, Reasons.NODE_NOT_READY, EventReason.NodeNotReady, Ending.TRANSIENT,
          f -> "Node " + f.node() + " is not Ready (Ready=" + f.status() + (f.reason() == null ? "" : ", " + f.reason())
              + (f.since() == null ? "" : ", since " + f.since()) + "): its kubelet cannot run or report the capture."),
      failure(NodeUnschedulable.class, Reasons.NODE_UNSCHEDULABLE, EventReason.NodeUnschedulable, Ending.FINAL,
          f -> "Node " + f.node() + " is cordoned (spec.unschedulable): it is being drained or held for maintenance,"
              + " so no capture pod is started there. Uncordon it, then re-create the diagnosis."),
      failure(ImagePullFailed.class, Reasons.IMAGE_PULL_FAILED, EventReason.ImagePullFailed, Ending.FINAL,
          f -> "The node cannot pull the agent image " + f.image() + " (" + f.reason() + ")"
              + detail(f.detail()) + ". Check the chart's image and pull secrets."),
      failure(ContainerConfigFailed.class, Reasons.CONTAINER_CONFIG_FAILED, EventReason.ContainerConfigFailed,
          Ending.FINAL, f -> "The capture container could not be set up (" + f.reason() + ")" + detail(f.detail()) + "."),
      failure(Evicted.class, Reasons.EVICTED, EventReason.Evicted, Ending.TRANSIENT,
          f -> "The capture pod was evicted (" + f.reason() + ")" + detail(f.detail()) + "."),
      failure(OomKilled.class, Reasons.OOM_KILLED, EventReason.OOMKilled, Ending.FINAL,
          f -> "The agent exceeded its memory limit" + (f.memoryLimit() == null ? "" : " of " + f.memoryLimit())
              + " and was killed (OOMKilled, exit code 137). A busier node needs a higher limit."),
      failure(AgentFailed.class, Reasons.AGENT_FAILED, EventReason.AgentFailed, Ending.FINAL,
          f -> "The agent " + (f.exitCode() == null ? "ended" : "exited with code " + f.exitCode())
              + (f.reason() == null ? "" : " (" + f.reason() + ")") + " without a report"
              + (f.logTail() == null || f.logTail().isBlank() ? " and without a log." : "; its log ends: " + f.logTail())),
      failure(PodDeleted.class, Reasons.CAPTURE_POD_DELETED, EventReason.CapturePodDeleted, Ending.TRANSIENT,
          f -> "Capture pod " + f.pod() + " was deleted before it finished (not by the operator)."),
      failure(DeadlineExceeded.class, Reasons.CAPTURE_TIMED_OUT, EventReason.CaptureTimedOut, Ending.FINAL,
          f -> "Capture pod " + f.pod() + " on node " + f.node() + " did not finish within " + f.seconds()
              + "s of its creation (it was " + f.phase() + ")."),
      failure(AgentCaptureFailed.class, Reasons.CAPTURE_FAILED, EventReason.CaptureFailed, Ending.FINAL,
          AgentCaptureFailed::detail),
      failure(PodNotOurs.class, Reasons.CAPTURE_POD_NOT_OURS, EventReason.CaptureFailed, Ending.FINAL, PodNotOurs::detail),
      failure(PodRejected.class, Reasons.CAPTURE_POD_REJECTED, EventReason.CaptureFailed, Ending.FINAL, PodRejected::detail),
      failure(ReportRejected.class, Reasons.REPORT_REJECTED, EventReason.CaptureFailed, Ending.FINAL,
          f -> "The report of capture pod " + f.pod() + " was rejected: " + f.problem() + "."),
      failure(ReportUnreadable.class, Reasons.REPORT_UNREADABLE, EventReason.CaptureFailed, Ending.FINAL,
          ReportUnreadable::detail),
      // The cause's own Event, so `kubectl get events --field-selector reason=Evicted` finds every attempt it ended.
      sameText(Retrying.class, o -> Reasons.RETRYING, o -> of(o.cause()).event(), Ending.WAITING,
          KstatusState.RECONCILING, o -> of(o.cause()).message() + " Attempt " + (o.failed() + 1) + " of "
              + o.maxAttempts() + " starts in " + o.backoff().toSeconds() + "s."),
      sameText(GaveUp.class, o -> of(o.cause()).reason(), o -> of(o.cause()).event(), Ending.FINAL,
          KstatusState.STALLED, o -> of(o.cause()).message() + " Gave up after " + o.attempts() + " attempt"
              + (o.attempts() == 1 ? "." : "s.")),
      new Row<>(Queued.class, o -> Reasons.QUEUED, o -> EventReason.Queued, Ending.WAITING, KstatusState.RECONCILING,
          Queued::reason, o -> o.alreadyQueued() ? null : o.reason(), null),
      new Row<>(CaptureStarted.class, o -> Reasons.CAPTURE_POD_CREATED, o -> EventReason.CapturePodCreated,
          Ending.WAITING, KstatusState.RECONCILING, o -> "Capture pod " + o.pod() + " created on node " + o.node() + ".",
          o -> o.recovered() ? null : "Capture pod " + o.pod() + " created in namespace " + o.namespace()
              + " on node " + o.node() + ".", null),
      new Row<>(CaptureRunning.class, o -> Reasons.CAPTURE_RUNNING, o -> null, Ending.WAITING, KstatusState.RECONCILING,
          o -> "Capture pod " + o.pod() + " is running.", o -> null, null),
      new Row<>(NewRun.class, o -> Reasons.RERUN, o -> EventReason.Rerun, Ending.WAITING, KstatusState.RECONCILING,
          o -> "Run " + o.run() + " starting: " + o.why() + ".", o -> "New run: " + o.why() + ".", null),
      new Row<>(OperatorError.class, o -> Reasons.RECONCILE_FAILED, o -> null, Ending.WAITING, KstatusState.RECONCILING,
          o -> "The operator could not act on this diagnosis and will retry: " + o.detail(), o -> null, null),
      sameText(VerdictChanged.class, o -> Reasons.VERDICT_CHANGED, o -> EventReason.VerdictChanged,
          Ending.FOLLOW_UP, KstatusState.READY, VerdictChanged::change),
      sameText(Expired.class, o -> Reasons.EXPIRED, o -> EventReason.Expired, Ending.FOLLOW_UP,
          KstatusState.TERMINATING, o -> "Deleted: " + o.why() + "."));

  private static final Map<Class<?>, Row<?>> BY_TYPE = ROWS.stream()
      .collect(Collectors.toUnmodifiableMap(Row::type, r -> r));

  private OutcomeTable() {
  }

  /** The outcome's reason, messages, event, ending and kstatus state. */
  public static Entry of(DiagnosisOutcome outcome) {
    Row<?> row = BY_TYPE.get(outcome.getClass());
    if (row == null) {
      throw new IllegalStateException("no row for " + outcome.getClass().getSimpleName());
    }
    return row.entry(outcome);
  }

  /** Every row, for tests and documentation. */
  public static List<Row<?>> rows() {
    return ROWS;
  }

  /** A capture failure: the same text on the status and its Warning event. */
  private static <T extends CaptureFailure> Row<T> failure(Class<T> type, String reason, EventReason event,
      Ending ending, Function<T, String> message) {
    return new Row<>(type, o -> reason, o -> event, ending, KstatusState.STALLED, message, message, null);
  }

  /** The same text on the status and the Event. */
  private static <T extends DiagnosisOutcome> Row<T> sameText(Class<T> type, Function<T, String> reason,
      Function<T, EventReason> event, Ending ending, KstatusState state, Function<T, String> message) {
    return new Row<>(type, reason, event, ending, state, message, message, null);
  }

  /** Final before anything was captured. */
  private static <T extends DiagnosisOutcome> Row<T> end(Class<T> type, String reason, EventReason event,
      String because, Function<T, String> message, Function<T, String> eventMessage) {
    return new Row<>(type, o -> reason, o -> event, Ending.FINAL, KstatusState.STALLED, message, eventMessage,
        because);
  }

  private static String detail(String detail) {
    return detail == null || detail.isBlank() ? "" : ": " + detail.strip();
  }
}
