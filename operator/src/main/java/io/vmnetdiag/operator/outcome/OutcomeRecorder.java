package io.vmnetdiag.operator.outcome;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.capture.CapturePodRemoval;
import io.vmnetdiag.operator.events.DiagnosisEvents;
import io.vmnetdiag.operator.status.StatusWriter;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes an outcome: its status ({@link OutcomeStatus}), then its Event, then, when the outcome
 * ends the run's pod, the pod's removal, in that order: until the status is written the pod holds the only evidence.
 */
public final class OutcomeRecorder {
  private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

  private final StatusWriter statusWriter;
  private final DiagnosisEvents events;

  public OutcomeRecorder(StatusWriter statusWriter, DiagnosisEvents events) {
    this.statusWriter = statusWriter;
    this.events = events;
  }

  /** Writes an outcome that leaves no pod to remove. */
  public OutcomeTable.Entry record(NetworkDiagnosis nd, Context<NetworkDiagnosis> context, DiagnosisOutcome outcome,
      Instant now) {
    return record(nd, context, outcome, null, now);
  }

  /** @param pod the run's pod, removed once the outcome is written; null when there is none to remove */
  public OutcomeTable.Entry record(NetworkDiagnosis nd, Context<NetworkDiagnosis> context, DiagnosisOutcome outcome,
      Pod pod, Instant now) {
    OutcomeTable.Entry entry = OutcomeTable.of(outcome);
    String id = nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName();
    if (entry.recordsEvent() || entry.ending() != OutcomeTable.Ending.WAITING) {
      log.info("NetworkDiagnosis {}: {} ({}): {}", id, words(outcome), entry.reason(), entry.message());
    } else {
      log.debug("NetworkDiagnosis {}: {} ({}): {}", id, words(outcome), entry.reason(), entry.message());
    }
    OutcomeStatus.of(nd, outcome, now).ifPresent(status -> statusWriter.write(nd, status, context));
    if (entry.recordsEvent()) {
      events.record(context.getClient(), nd, entry.event(), entry.eventMessage());
    }
    if (pod != null) {
      CapturePodRemoval.remove(context.getClient(), pod, now);
    }
    if (outcome instanceof DiagnosisOutcome.Diagnosed diagnosed && diagnosed.verdictChange() != null) {
      record(nd, context, new DiagnosisOutcome.VerdictChanged(diagnosed.verdictChange()), now);
    }
    return entry;
  }

  /** "InvalidSpec" as "invalid spec", for the log. */
  static String words(DiagnosisOutcome outcome) {
    return outcome.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }
}
