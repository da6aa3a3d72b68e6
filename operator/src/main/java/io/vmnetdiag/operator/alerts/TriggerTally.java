package io.vmnetdiag.operator.alerts;

import io.vmnetdiag.api.v1alpha1.TriggerCounts;
import io.vmnetdiag.operator.events.EventReason;

/**
 * The one table from what happened to a matched alert to the trigger's status: which count it adds to, whether it
 * is the trigger's last refusal, and the event it is told by.
 */
enum TriggerTally {
  Created(EventReason.DiagnosisCreated),
  Duplicate(null),
  CoolingDown(null),
  Refused(EventReason.AlertRefused),
  Deferred(null);

  /** The refusal reason of an alert that lacked its VM's labels (a payload-wide 422; no AlertOutcome). */
  static final String MISSING_LABELS = "MissingLabels";

  private final EventReason event;

  TriggerTally(EventReason event) {
    this.event = event;
  }

  /** The tally of an outcome; null for outcomes no trigger answered (NoTrigger, Resolved). */
  static TriggerTally of(AlertOutcome outcome) {
    return switch (outcome) {
      case Created -> Created;
      case Duplicate -> Duplicate;
      case Active, CoolingDown -> CoolingDown;
      case Refused, InvalidTrigger -> Refused;
      case RateLimited, Failed -> Deferred;
      case NoTrigger, Resolved -> null;
    };
  }

  /** The event an alert of this tally is told by; null: none (the counts say it). */
  EventReason event() {
    return event;
  }

  void add(TriggerCounts counts, long n) {
    switch (this) {
      case Created -> counts.setCreated(counts.getCreated() + n);
      case Duplicate -> counts.setDuplicate(counts.getDuplicate() + n);
      case CoolingDown -> counts.setCoolingDown(counts.getCoolingDown() + n);
      case Refused -> counts.setRefused(counts.getRefused() + n);
      case Deferred -> counts.setDeferred(counts.getDeferred() + n);
    }
  }
}
