package io.vmnetdiag.operator.rerun;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.operator.status.ConditionTypes;
import io.vmnetdiag.operator.status.Reasons;
import java.time.Instant;
import java.util.Map;

/**
 * What happens to a diagnosis whose run has finished: a new run (a new vmnetdiag.io/rerun value, or the schedule's
 * time), deletion (ttlSecondsAfterFinished of a one-shot diagnosis), a wake-up when one of those is due, or nothing.
 * Reads only the resource and the time, so it decides the same after an operator restart.
 */
public final class RunPlanner {
  /** The next step for a finished diagnosis. */
  public sealed interface Plan {
  }

  /** Nothing more to do: a one-shot diagnosis keeps its verdict until its spec or rerun annotation changes. */
  public record Done() implements Plan {
  }

  /** Start a new run now; {@code why} is for the event and the status. */
  public record Rerun(String why, String rerunRequest) implements Plan {
  }

  /** Delete the diagnosis: its ttlSecondsAfterFinished has passed. */
  public record Expire(String why) implements Plan {
  }

  /** Nothing to do yet; look again at {@code at}. */
  public record WakeAt(Instant at) implements Plan {
  }

  /**
   * The plan for a diagnosis whose observed generation has finished (see StatusDraft.isFinished).
   *
   * @param request the vmnetdiag.io/rerun annotation's current value, or null
   */
  public Plan plan(NetworkDiagnosis nd, String request, Instant now) {
    NetworkDiagnosisStatus status = nd.getStatus();
    NetworkDiagnosisSpec spec = nd.getSpec();
    if (request != null && !request.equals(status.getRerunRequest())) {
      return new Rerun("annotation " + NetworkDiagnosis.RERUN_ANNOTATION + "=" + request, request);
    }
    Instant completed = Instant.parse(status.getCompletionTime());
    if (spec != null && spec.getSchedule() != null) {
      if (RunSchedule.problem(spec.getSchedule()) != null || endedWith(status, Reasons.INVALID_SPEC)) {
        return new Done(); // only a new generation can mend an invalid spec: running it again would say the same
      }
      Instant next = RunSchedule.parse(spec.getSchedule()).nextAfter(completed);
      return now.isBefore(next) ? new WakeAt(next)
          : new Rerun("schedule " + spec.getSchedule() + " (due " + next + ")", status.getRerunRequest());
    }
    if (spec != null && spec.getTtlSecondsAfterFinished() != null) {
      Instant expiry = completed.plusSeconds(spec.getTtlSecondsAfterFinished());
      return now.isBefore(expiry) ? new WakeAt(expiry) : new Expire("ttlSecondsAfterFinished "
          + spec.getTtlSecondsAfterFinished() + " passed since the run completed at " + completed);
    }
    return new Done();
  }

  private static boolean endedWith(NetworkDiagnosisStatus status, String reason) {
    return status.getConditions().stream()
        .anyMatch(c -> ConditionTypes.READY.equals(c.getType()) && reason.equals(c.getReason()));
  }

  /** The rerun annotation's value, or null. */
  public static String rerunRequest(NetworkDiagnosis nd) {
    Map<String, String> annotations = nd.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(NetworkDiagnosis.RERUN_ANNOTATION);
  }
}
