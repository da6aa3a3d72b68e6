package io.vmnetdiag.operator.rerun;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.events.DiagnosisEvents;
import io.vmnetdiag.operator.events.EventReason;
import io.vmnetdiag.operator.status.StatusDraft;
import io.vmnetdiag.operator.status.StatusWriter;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out the {@link RunPlanner}'s plan for a finished diagnosis: start a new run, delete it, or wait. */
public final class FinishedRuns {
  private static final Logger log = LoggerFactory.getLogger(FinishedRuns.class);
  /** A new run's clean status is written first; the reconcile that follows starts its capture. */
  private static final Duration START_AFTER_RESET = Duration.ofMillis(200);

  private final RunPlanner planner = new RunPlanner();
  private final StatusWriter statusWriter;
  private final DiagnosisEvents events;

  public FinishedRuns(StatusWriter statusWriter, DiagnosisEvents events) {
    this.statusWriter = statusWriter;
    this.events = events;
  }

  public UpdateControl<NetworkDiagnosis> act(NetworkDiagnosis nd, Context<NetworkDiagnosis> context, Instant now) {
    String id = nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName();
    // The rerun annotation as the informer that woke this reconcile saw it: the controller's cache may lag behind it.
    String rerunRequest = context.getSecondaryResource(NetworkDiagnosis.class).map(RunPlanner::rerunRequest)
        .orElse(RunPlanner.rerunRequest(nd));
    RunPlanner.Plan plan = planner.plan(nd, rerunRequest, now);
    if (plan instanceof RunPlanner.Rerun rerun) {
      log.info("NetworkDiagnosis {}: new run: {}", id, rerun.why());
      statusWriter.write(nd, StatusDraft.nextRun(nd, now, rerun.why(), rerun.rerunRequest()).build(), context);
      events.record(context.getClient(), nd, EventReason.Rerun, "New run: " + rerun.why() + ".");
      return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(START_AFTER_RESET);
    }
    if (plan instanceof RunPlanner.Expire expire) {
      log.info("NetworkDiagnosis {}: deleting: {}", id, expire.why());
      events.record(context.getClient(), nd, EventReason.Expired, "Deleted: " + expire.why() + ".");
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
