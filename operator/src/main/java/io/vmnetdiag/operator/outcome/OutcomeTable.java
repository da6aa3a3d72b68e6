package io.vmnetdiag.operator.outcome;

import io.vmnetdiag.operator.events.EventReason;
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
import io.vmnetdiag.operator.status.Reasons;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place that says what each capture failure means: its condition reason (on Ready, Captured and Stalled),
 * its message, its Event, and whether another attempt may help (transient) or the diagnosis ends at once (final).
 */
public final class OutcomeTable {
  /** Whether another attempt may succeed. */
  public enum Retry { FINAL, TRANSIENT }

  /** One failure's row. */
  public record Row<T extends CaptureFailure>(Class<T> type, String reason, EventReason event, Retry retry,
      Function<T, String> message) {
    String describe(CaptureFailure failure) {
      return message.apply(type.cast(failure));
    }
  }

  /** A failure as the status and events show it. */
  public record Entry(String reason, String message, EventReason event, boolean transientCause) {
  }

  private static final List<Row<?>> ROWS = List.of(
      row(NodeNotFound.class, Reasons.NODE_NOT_FOUND, EventReason.NodeNotFound, Retry.FINAL,
          f -> "Node " + f.node() + " does not exist: the VM's node is gone or misnamed, so nothing can capture there."),
      row(NodeNotReady.class, Reasons.NODE_NOT_READY, EventReason.NodeNotReady, Retry.TRANSIENT,
          f -> "Node " + f.node() + " is not Ready (Ready=" + f.status() + (f.reason() == null ? "" : ", " + f.reason())
              + (f.since() == null ? "" : ", since " + f.since()) + "): its kubelet cannot run or report the capture."),
      row(NodeUnschedulable.class, Reasons.NODE_UNSCHEDULABLE, EventReason.NodeUnschedulable, Retry.FINAL,
          f -> "Node " + f.node() + " is cordoned (spec.unschedulable): it is being drained or held for maintenance,"
              + " so no capture pod is started there. Uncordon it, then re-create the diagnosis."),
      row(ImagePullFailed.class, Reasons.IMAGE_PULL_FAILED, EventReason.ImagePullFailed, Retry.FINAL,
          f -> "The node cannot pull the agent image " + f.image() + " (" + f.reason() + ")"
              + detail(f.detail()) + ". Check the chart's image and pull secrets."),
      row(ContainerConfigFailed.class, Reasons.CONTAINER_CONFIG_FAILED, EventReason.ContainerConfigFailed,
          Retry.FINAL, f -> "The capture container could not be set up (" + f.reason() + ")" + detail(f.detail()) + "."),
      row(Evicted.class, Reasons.EVICTED, EventReason.Evicted, Retry.TRANSIENT,
          f -> "The capture pod was evicted (" + f.reason() + ")" + detail(f.detail()) + "."),
      row(OomKilled.class, Reasons.OOM_KILLED, EventReason.OOMKilled, Retry.FINAL,
          f -> "The agent exceeded its memory limit" + (f.memoryLimit() == null ? "" : " of " + f.memoryLimit())
              + " and was killed (OOMKilled, exit code 137). A busier node needs a higher limit."),
      row(AgentFailed.class, Reasons.AGENT_FAILED, EventReason.AgentFailed, Retry.FINAL,
          f -> "The agent " + (f.exitCode() == null ? "ended" : "exited with code " + f.exitCode())
              + (f.reason() == null ? "" : " (" + f.reason() + ")") + " without a report"
              + (f.logTail() == null || f.logTail().isBlank() ? " and without a log." : "; its log ends: " + f.logTail())),
      row(PodDeleted.class, Reasons.CAPTURE_POD_DELETED, EventReason.CapturePodDeleted, Retry.TRANSIENT,
          f -> "Capture pod " + f.pod() + " was deleted before it finished (not by the operator)."),
      row(DeadlineExceeded.class, Reasons.CAPTURE_TIMED_OUT, EventReason.CaptureTimedOut, Retry.FINAL,
          f -> "Capture pod " + f.pod() + " on node " + f.node() + " did not finish within " + f.seconds()
              + "s of its creation (it was " + f.phase() + ")."),
      row(AgentCaptureFailed.class, Reasons.CAPTURE_FAILED, EventReason.CaptureFailed, Retry.FINAL,
          AgentCaptureFailed::detail),
      row(PodNotOurs.class, Reasons.CAPTURE_POD_NOT_OURS, EventReason.CaptureFailed, Retry.FINAL, PodNotOurs::detail),
      row(PodRejected.class, Reasons.CAPTURE_POD_REJECTED, EventReason.CaptureFailed, Retry.FINAL, PodRejected::detail),
      row(ReportRejected.class, Reasons.REPORT_REJECTED, EventReason.CaptureFailed, Retry.FINAL,
          f -> "The report of capture pod " + f.pod() + " was rejected: " + f.problem() + "."),
      row(ReportUnreadable.class, Reasons.REPORT_UNREADABLE, EventReason.CaptureFailed, Retry.FINAL,
          ReportUnreadable::detail));

  private static final Map<Class<?>, Row<?>> BY_TYPE = ROWS.stream()
      .collect(Collectors.toUnmodifiableMap(Row::type, r -> r));

  private OutcomeTable() {
  }

  /** The failure's reason, message, event, and whether it is transient. */
  public static Entry of(CaptureFailure failure) {
    Row<?> row = BY_TYPE.get(failure.getClass());
    if (row == null) {
      throw new IllegalStateException("no row for " + failure.getClass().getSimpleName());
    }
    return new Entry(row.reason(), row.describe(failure), row.event(), row.retry() == Retry.TRANSIENT);
  }

  /** Every row, for tests and documentation. */
  public static List<Row<?>> rows() {
    return ROWS;
  }

  private static <T extends CaptureFailure> Row<T> row(Class<T> type, String reason, EventReason event, Retry retry,
      Function<T, String> message) {
    return new Row<>(type, reason, event, retry, message);
  }

  private static String detail(String detail) {
    return detail == null || detail.isBlank() ? "" : ": " + detail.strip();
  }
}
