package io.vmnetdiag.operator.outcome;

import io.vmnetdiag.api.v1alpha1.AttemptFailure;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.OperatorSettings;
import io.vmnetdiag.operator.capture.CapturePods;
import java.time.Duration;
import java.time.Instant;

/** When the next attempt after a transient failure may start: from the failure the status records, not from memory. */
public final class CaptureRetries {
  private CaptureRetries() {
  }

  /** How long the current attempt must still wait; null when it may start now. */
  public static Duration backoffLeft(NetworkDiagnosis nd, OperatorSettings.Retry retry, Instant now) {
    int attempt = CapturePods.attempt(nd);
    AttemptFailure last = nd.getStatus() == null ? null : nd.getStatus().getLastFailure();
    if (attempt < 2 || last == null || last.getTime() == null || last.getAttempt() == null
        || last.getAttempt() != attempt - 1) {
      return null;
    }
    Instant start = Instant.parse(last.getTime()).plus(retry.before(attempt));
    return now.isBefore(start) ? Duration.between(now, start) : null;
  }
}
