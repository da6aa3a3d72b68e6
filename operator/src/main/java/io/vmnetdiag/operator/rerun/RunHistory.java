package io.vmnetdiag.operator.rerun;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.PastRun;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.operator.status.ConditionTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** status.history: the finished runs before the current one, newest first, at most MAX_HISTORY. */
public final class RunHistory {
  private RunHistory() {
  }

  /** The history once the finished run of {@code status} joins it, as a new run starts. */
  public static List<PastRun> withFinishedRun(NetworkDiagnosisStatus status) {
    PastRun past = new PastRun();
    past.setGeneration(status.getObservedGeneration());
    past.setRun(RunNumber.of(status));
    past.setCompletionTime(status.getCompletionTime());
    past.setOutcome(status.getConditions().stream().filter(c -> ConditionTypes.READY.equals(c.getType())).findFirst()
        .map(DiagnosisCondition::getReason).orElse(null));
    if (status.getVerdict() != null) {
      past.setVerdict(status.getVerdict().getReason());
      past.setLocation(status.getVerdict().getLocation());
    }
    List<PastRun> history = new ArrayList<>();
    history.add(past);
    if (status.getHistory() != null) {
      history.addAll(status.getHistory());
    }
    return List.copyOf(history.subList(0, Math.min(history.size(), NetworkDiagnosisStatus.MAX_HISTORY)));
  }

  /**
   * The event message when a new verdict differs from the previous run's outcome (its verdict, or the reason it
   * ended without one); null for a first run or the same verdict.
   */
  public static String verdictChange(NetworkDiagnosisStatus status, Verdict verdict) {
    if (status == null || status.getHistory() == null || status.getHistory().isEmpty()) {
      return null;
    }
    PastRun previous = status.getHistory().get(0);
    VerdictReason before = previous.getVerdict();
    if (before == verdict.getReason() && Objects.equals(previous.getLocation(), verdict.getLocation())) {
      return null;
    }
    String was = before == null ? "no verdict (" + previous.getOutcome() + ")" : before + " at " + previous.getLocation();
    return "Verdict changed from " + was + " (run " + previous.getRun() + " of generation " + previous.getGeneration()
        + ") to " + verdict.getReason() + " at " + verdict.getLocation() + ".";
  }
}
