package io.vmnetdiag.operator.status;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets conditions on a status' condition list the Kubernetes way: one entry per type, in a stable order,
 * with lastTransitionTime kept unless the condition's status changed.
 */
public final class ConditionSet {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private final List<DiagnosisCondition> conditions;
  private final long generation;
  private final Instant now;

  public ConditionSet(List<DiagnosisCondition> previous, long generation, Instant now) {
    this.conditions = new ArrayList<>(previous == null ? List.of() : previous);
    this.generation = generation;
    this.now = now;
    for (String type : ConditionTypes.ALL) {
      if (find(type) == null) {
        set(type, UNKNOWN, Reasons.PENDING, "Not reached yet.");
      }
    }
  }

  /** Sets one condition. */
  public ConditionSet set(String type, String status, String reason, String message) {
    DiagnosisCondition old = find(type);
    String transition = old != null && Objects.equals(old.getStatus(), status)
        ? old.getLastTransitionTime()
        : now.toString();
    // The schema requires a message and caps it (metav1.Condition's limits): a longer one, such as an agent's log
    // tail, must not make the whole status patch fail.
    DiagnosisCondition updated = new DiagnosisCondition(type, status, reason,
        DiagnosisCondition.truncateMessage(message), generation, transition);
    if (old == null) {
      conditions.add(updated);
    } else {
      conditions.set(conditions.indexOf(old), updated);
    }
    return this;
  }

  /** Removes a condition: kstatus' abnormal-true conditions are present only while True. */
  public ConditionSet remove(String type) {
    DiagnosisCondition old = find(type);
    if (old != null) {
      conditions.remove(old);
    }
    return this;
  }

  /** The conditions, ordered as {@link ConditionTypes#ALL}, then kstatus' present ones, then any foreign types. */
  public List<DiagnosisCondition> toList() {
    List<DiagnosisCondition> ordered = new ArrayList<>();
    for (String type : ConditionTypes.ALL) {
      ordered.add(find(type));
    }
    for (String type : ConditionTypes.ABNORMAL_TRUE) {
      if (find(type) != null) {
        ordered.add(find(type));
      }
    }
    for (DiagnosisCondition c : conditions) {
      if (!ConditionTypes.ALL.contains(c.getType()) && !ConditionTypes.ABNORMAL_TRUE.contains(c.getType())) {
        ordered.add(c);
      }
    }
    return ordered;
  }

  private DiagnosisCondition find(String type) {
    for (DiagnosisCondition c : conditions) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }
}
