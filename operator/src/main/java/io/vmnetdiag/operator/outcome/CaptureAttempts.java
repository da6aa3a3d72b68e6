package io.vmnetdiag.operator.outcome;

import io.vmnetdiag.operator.OperatorSettings;
import java.time.Duration;

/** How a failed capture attempt ends the run: a final cause at once, a transient one with a retry while any is left. */
public final class CaptureAttempts {
  private CaptureAttempts() {
  }

  /** @param attempt the attempt the failure ended, counted from 1 */
  public static DiagnosisOutcome end(CaptureFailure failure, int attempt, OperatorSettings.Retry retry) {
    if (!OutcomeTable.of(failure).transientCause()) {
      return failure;
    }
    int max = retry.maxAttempts();
    if (attempt < max) {
      Duration wait = retry.before(attempt + 1);
      return new DiagnosisOutcome.Retrying(failure, attempt, max, wait);
    }
    return new DiagnosisOutcome.GaveUp(failure, attempt);
  }
}
