package io.vmnetdiag.operator.rerun;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunPlannerTest {
  private static final Instant DONE = Instant.parse("2026-12-01T10:00:00Z");
  private final RunPlanner planner = new RunPlanner();

  @Test
  void oneShotWithoutTtlIsDone() {
    assertThat(plan(finished(null, null, null, null), DONE.plusSeconds(86400)))
        .isInstanceOf(RunPlanner.Done.class);
  }

  @Test
  void aNewRerunValueRerunsAndTheValueActedOnDoesNot() {
    assertThat(plan(finished(null, null, "b", "a"), DONE))
        .isEqualTo(new RunPlanner.Rerun("annotation vmnetdiag.io/rerun=b", "b"));
    assertThat(plan(finished(null, null, "a", "a"), DONE)).isInstanceOf(RunPlanner.Done.class);
  }

  @Test
  void scheduleWaitsUntilDueThenReruns() {
    NetworkDiagnosis nd = finished("@every 5m", null, null, null);
    assertThat(plan(nd, DONE.plusSeconds(299))).isEqualTo(new RunPlanner.WakeAt(DONE.plusSeconds(300)));
    assertThat(plan(nd, DONE.plusSeconds(300))).isInstanceOf(RunPlanner.Rerun.class);
    // An operator that was down an hour runs it once, not twelve times: the next is counted from this run's end.
    assertThat(plan(nd, DONE.plusSeconds(3600))).isInstanceOf(RunPlanner.Rerun.class);
  }

  @Test
  void invalidScheduleNeverReruns() {
    assertThat(plan(finished("@every 5s", null, null, null), DONE.plusSeconds(3600)))
        .isInstanceOf(RunPlanner.Done.class);
  }

  @Test
  void aScheduleDoesNotRerunAnInvalidSpec() {
    NetworkDiagnosis nd = finished("@every 5m", null, null, null);
    nd.getStatus().setConditions(List.of(new DiagnosisCondition("Ready", "False", "InvalidSpec", "bad address", 1L,
        DONE.toString())));
    assertThat(plan(nd, DONE.plusSeconds(3600))).isInstanceOf(RunPlanner.Done.class);
  }

  @Test
  void ttlExpiresAOneShotDiagnosisAfterItFinished() {
    NetworkDiagnosis nd = finished(null, 60, null, null);
    assertThat(plan(nd, DONE.plusSeconds(59))).isEqualTo(new RunPlanner.WakeAt(DONE.plusSeconds(60)));
    assertThat(plan(nd, DONE.plusSeconds(60))).isInstanceOf(RunPlanner.Expire.class);
  }

  private RunPlanner.Plan plan(NetworkDiagnosis nd, Instant now) {
    return planner.plan(nd, RunPlanner.rerunRequest(nd), now);
  }

  private static NetworkDiagnosis finished(String schedule, Integer ttl, String annotation, String actedOn) {
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName("web");
    nd.getMetadata().setGeneration(1L);
    if (annotation != null) {
      nd.getMetadata().setAnnotations(new HashMap<>());
      nd.getMetadata().getAnnotations().put(NetworkDiagnosis.RERUN_ANNOTATION, annotation);
    }
    NetworkDiagnosisSpec spec = new NetworkDiagnosisSpec();
    spec.setSchedule(schedule);
    spec.setTtlSecondsAfterFinished(ttl);
    nd.setSpec(spec);
    NetworkDiagnosisStatus status = new NetworkDiagnosisStatus();
    status.setObservedGeneration(1L);
    status.setCompletionTime(DONE.toString());
    status.setRerunRequest(actedOn);
    nd.setStatus(status);
    return nd;
  }
}
