package io.vmnetdiag.operator.outcome;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.CaptureRunning;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.CaptureStarted;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.Diagnosed;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.GaveUp;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.InvalidSpec;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.NewRun;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.OperatorError;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.PathUnresolved;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.PolicyDenied;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.Queued;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.Retrying;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome.TargetUnresolved;
import io.vmnetdiag.operator.status.StatusDraft;
import java.time.Instant;
import java.util.Optional;

/**
 * The status an outcome leaves: its shape (which stage conditions say what) from {@link StatusDraft}, its reason and
 * message from {@link OutcomeTable}. Pure, so a test can put every outcome through kstatus.
 */
public final class OutcomeStatus {
  private OutcomeStatus() {
  }

  /** The status to write; empty for an outcome that only records an Event. */
  public static Optional<NetworkDiagnosisStatus> of(NetworkDiagnosis nd, DiagnosisOutcome outcome, Instant now) {
    OutcomeTable.Entry entry = OutcomeTable.of(outcome);
    if (outcome instanceof NewRun run) {
      return Optional.of(StatusDraft.nextRun(nd, now, run.run(), entry.message(), run.rerunRequest()).build());
    }
    StatusDraft draft = StatusDraft.from(nd, now);
    if (outcome instanceof InvalidSpec || outcome instanceof PolicyDenied || outcome instanceof TargetUnresolved
        || outcome instanceof PathUnresolved) {
      draft.endedBeforeCapture(entry.reason(), entry.message(), entry.because());
    } else if (outcome instanceof Diagnosed diagnosed) {
      draft.diagnosed(diagnosed.report(), diagnosed.verdict(), diagnosed.request(), entry.message());
    } else if (outcome instanceof CaptureFailure || outcome instanceof GaveUp) {
      draft.captureFailed(entry.reason(), entry.message());
    } else if (outcome instanceof Retrying retrying) {
      OutcomeTable.Entry cause = OutcomeTable.of(retrying.cause());
      draft.retrying(cause.reason(), cause.message(), retrying.failed(), retrying.maxAttempts(), retrying.backoff());
    } else if (outcome instanceof Queued) {
      draft.queued(entry.message());
    } else if (outcome instanceof CaptureStarted started) {
      draft.captureStarting(started.nonce()).captureStarted(started.pod(), started.podUid(), started.node(), entry.message());
    } else if (outcome instanceof CaptureRunning) {
      draft.captureRunning(entry.message());
    } else if (outcome instanceof OperatorError) {
      draft.reconcileFailed(entry.message());
    } else {
      return Optional.empty(); // VerdictChanged and Expired: an Event after the end, nothing more
    }
    return Optional.of(draft.build());
  }
}
