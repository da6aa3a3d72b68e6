package io.vmnetdiag.operator.rerun;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome;
import io.vmnetdiag.operator.outcome.OutcomeRecorder;
import java.time.Duration;
import java.time.Instant;

/** Carries out the {@link RunPlanner}'s plan for a finished diagnosis: start a new run, delete it, or wait. */
public final class FinishedRuns {
  /** A new run's clean status is written first; the reconcile that follows starts its capture. */
  private static final Duration START_AFTER_RESET = Duration.ofMillis(200);

  private final RunPlanner planner = new RunPlanner();
  private final OutcomeRecorder outcomes;

  public FinishedRuns(OutcomeRecorder outcomes) {
    this.outcomes = outcomes;
  }

  public UpdateControl<NetworkDiagnosis> act(NetworkDiagnosis nd, Context<NetworkDiagnosis> context, Instant now) {
    // The rerun annotation as the informer that woke this reconcile saw it: the controller's cache may lag behind it.
    String rerunRequest = context.getSecondaryResource(NetworkDiagnosis.class).map(RunPlanner::rerunRequest)
        .orElse(RunPlanner.rerunRequest(nd));
    RunPlanner.Plan plan = planner.plan(nd, rerunRequest, now);
    if (plan instanceof RunPlanner.Rerun rerun) {
      outcomes.record(nd, context, new DiagnosisOutcome.NewRun(RunNumber.of(nd.getStatus()) + 1, rerun.why(),
          rerun.rerunRequest()), now);
      return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(START_AFTER_RESET);
    }
    if (plan instanceof RunPlanner.Expire expire) {
      outcomes.record(nd, context, new DiagnosisOutcome.Expired(expire.why()), now);
      context.getClient().resource(nd).delete();
      return UpdateControl.noUpdate();
    }
    if (plan instanceof RunPlanner.WakeAt wake) {
      return UpdateControl.<NetworkDiagnosis>noUpdate()
          .rescheduleAfter(Duration.between(now, wake.at()).plusSeconds(1));
    }
    return UpdateControl.noUpdate();
  }
}
