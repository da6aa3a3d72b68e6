package io.vmnetdiag.operator.alerts;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.DiagnosisTriggerStatus;
import io.vmnetdiag.api.v1alpha1.TriggerCounts;
import io.vmnetdiag.operator.status.ConditionSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trigger's next status: its conditions judged from the spec (kstatus: Ready, and Stalled only while True), the
 * drained activity added to the counts, the latest alert, diagnosis and refusal replacing the earlier ones.
 */
final class TriggerStatuses {
  static final String READY = "Ready";
  static final String STALLED = "Stalled";
  static final String VALID = "Valid";

  private TriggerStatuses() {
  }

  static DiagnosisTriggerStatus next(DiagnosisTrigger trigger, TriggerValidation.Problem problem,
      TriggerActivity.Drained drained, Instant now) {
    DiagnosisTriggerStatus previous = trigger.getStatus();
    long generation = Objects.requireNonNullElse(trigger.getMetadata().getGeneration(), 0L);
    DiagnosisTriggerStatus next = new DiagnosisTriggerStatus();
    List<DiagnosisCondition> old = previous == null ? List.of() : previous.getConditions();
    List<DiagnosisCondition> conditions = new ArrayList<>();
    if (problem == null) {
      conditions.add(condition(old, READY, ConditionSet.TRUE, VALID,
          "The matchers compile and the target names the VM's labels.", generation, now));
    } else {
      conditions.add(condition(old, READY, ConditionSet.FALSE, problem.reason(), problem.message(), generation, now));
      conditions.add(condition(old, STALLED, ConditionSet.TRUE, problem.reason(), problem.message(), generation, now));
    }
    next.setConditions(conditions);
    next.setObservedGeneration(generation);
    TriggerCounts counts = new TriggerCounts();
    if (previous != null && previous.getCounts() != null) {
      for (TriggerTally tally : TriggerTally.values()) {
        tally.add(counts, get(previous.getCounts(), tally));
      }
    }
    for (TriggerTally tally : TriggerTally.values()) {
      tally.add(counts, drained.counts()[tally.ordinal()]);
    }
    next.setCounts(counts);
    next.setLastAlert(drained.lastAlert() != null ? drained.lastAlert() : previous == null ? null : previous.getLastAlert());
    next.setLastDiagnosis(drained.lastDiagnosis() != null ? drained.lastDiagnosis()
        : previous == null ? null : previous.getLastDiagnosis());
    next.setLastRefusal(drained.lastRefusal() != null ? drained.lastRefusal()
        : previous == null ? null : previous.getLastRefusal());
    return next;
  }

  private static long get(TriggerCounts counts, TriggerTally tally) {
    return switch (tally) {
      case Created -> counts.getCreated();
      case Duplicate -> counts.getDuplicate();
      case CoolingDown -> counts.getCoolingDown();
      case Refused -> counts.getRefused();
      case Deferred -> counts.getDeferred();
    };
  }

  /** lastTransitionTime is kept while the condition's status stays. */
  private static DiagnosisCondition condition(List<DiagnosisCondition> old, String type, String status, String reason,
      String message, long generation, Instant now) {
    String transition = old.stream().filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
        .map(DiagnosisCondition::getLastTransitionTime).findFirst().orElse(now.toString());
    return new DiagnosisCondition(type, status, reason, DiagnosisCondition.truncateMessage(message), generation,
        transition);
  }
}
