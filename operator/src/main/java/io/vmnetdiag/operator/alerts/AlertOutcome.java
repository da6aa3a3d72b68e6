package io.vmnetdiag.operator.alerts;

/**
 * What the receiver did with one alert, and the HTTP status it asks of the response. The response carries the most
 * urgent one (highest rank): a 500 or 503 makes Alertmanager retry the whole group, which is safe because every
 * alert handled already is skipped the next time (Duplicate, Active or CoolingDown).
 */
public enum AlertOutcome {
  Created(200, 0),
  /** Resolved alerts start nothing; a running diagnosis finishes on its own. */
  Resolved(200, 0),
  /** No DiagnosisTrigger matches the alert (or only triggers of other tenants' namespaces). */
  NoTrigger(200, 0),
  /** This very alert (fingerprint and startsAt) already started a diagnosis: a repeat or an HA peer's delivery. */
  Duplicate(200, 0),
  /** The VM's last alert-started diagnosis still runs. */
  Active(200, 0),
  /** The VM's last alert-started diagnosis is younger than the trigger's cooldown. */
  CoolingDown(200, 0),
  /** The API server refused the diagnosis (admission: the DiagnosisPolicy; or the schema): retrying cannot help. */
  Refused(200, 0),
  /** A matching trigger has a matcher that does not compile: fix the trigger. */
  InvalidTrigger(200, 0),
  /** The receiver's rate limit is exhausted: 503, and Alertmanager retries with backoff. */
  RateLimited(503, 1),
  /** The API server failed: 500, and Alertmanager retries. */
  Failed(500, 2);

  private final int httpStatus;
  private final int rank;

  AlertOutcome(int httpStatus, int rank) {
    this.httpStatus = httpStatus;
    this.rank = rank;
  }

  public int httpStatus() {
    return httpStatus;
  }

  int rank() {
    return rank;
  }
}
