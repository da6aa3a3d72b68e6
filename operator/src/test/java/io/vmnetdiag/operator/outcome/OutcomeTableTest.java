package io.vmnetdiag.operator.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.OperatorSettings;
import io.vmnetdiag.operator.OutcomeSamples;
import io.vmnetdiag.operator.events.EventReason;
import io.vmnetdiag.operator.outcome.OutcomeTable.Ending;
import io.vmnetdiag.operator.outcome.OutcomeTable.KstatusState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OutcomeTableTest {
  private static final OperatorSettings.Retry RETRY = new OperatorSettings.Retry(3, Duration.ofSeconds(10),
      Duration.ofSeconds(300), Duration.ZERO, Duration.ZERO);

  @Test
  void everyRecordHasExactlyOneRowAndASample() {
    assertThat(OutcomeTable.rows()).extracting(r -> (Object) r.type())
        .containsExactlyInAnyOrderElementsOf(OutcomeSamples.records());
    assertThat(OutcomeSamples.all()).extracting(o -> (Object) o.getClass())
        .containsAll(OutcomeSamples.records());
  }

  /** The whole table: every outcome has a reason, a message, an Event (or says it never records one), a state. */
  @Test
  void everyOutcomeIsMappedWhole() {
    NetworkDiagnosis nd = OutcomeSamples.diagnosis();
    for (DiagnosisOutcome outcome : OutcomeSamples.all()) {
      OutcomeTable.Entry entry = OutcomeTable.of(outcome);
      String name = outcome.getClass().getSimpleName();
      assertThat(entry.reason()).as(name).matches("^[A-Z][A-Za-z]*$");
      assertThat(entry.message()).as(name).isNotBlank();
      assertThat(entry.state()).as(name).isNotNull();
      assertThat(entry.ending()).as(name).isNotNull();
      // Status-only waits: a running pod and an operator error are seen on every reconcile; an Event each time
      // would flood the namespace.
      if (outcome instanceof DiagnosisOutcome.CaptureRunning || outcome instanceof DiagnosisOutcome.OperatorError) {
        assertThat(entry.event()).as(name).isNull();
      } else {
        assertThat(entry.event()).as(name).isNotNull();
        assertThat(entry.eventMessage()).as(name).isNotBlank();
      }
      switch (entry.ending()) {
        case FINAL -> assertThat(entry.state()).as(name).isIn(KstatusState.STALLED, KstatusState.READY);
        case TRANSIENT -> assertThat(entry.state()).as(name + ", once given up").isEqualTo(KstatusState.STALLED);
        case WAITING -> assertThat(entry.state()).as(name).isEqualTo(KstatusState.RECONCILING);
        case FOLLOW_UP -> assertThat(OutcomeStatus.of(nd, outcome, Instant.EPOCH)).as(name).isEmpty();
      }
      if (entry.ending() != Ending.FOLLOW_UP) {
        assertThat(OutcomeStatus.of(nd, outcome, Instant.EPOCH)).as(name).isPresent();
      }
      // A failure warns; a verdict, a wait and what follows a run are Normal, except a retry, which carries its cause's.
      String type = entry.state() == KstatusState.STALLED || outcome instanceof DiagnosisOutcome.Retrying
          ? "Warning" : "Normal";
      if (entry.event() != null) {
        assertThat(entry.event().type()).as(name).isEqualTo(type);
      }
    }
  }

  @Test
  void noTwoRecordsShareAReasonUnlessIntended() {
    Map<String, Set<String>> recordsByReason = new TreeMap<>();
    for (DiagnosisOutcome outcome : OutcomeSamples.all()) {
      if (outcome instanceof DiagnosisOutcome.GaveUp) {
        continue; // intended: the last attempt's failure ends the diagnosis with its cause's reason
      }
      recordsByReason.computeIfAbsent(OutcomeTable.of(outcome).reason(), r -> new TreeSet<>())
          .add(outcome.getClass().getSimpleName());
    }
    // Intended: the operator (resolving a VMI) and the agent (inside the launcher pod) name the same fact alike.
    Map<String, Set<String>> shared = Map.of(
        AgentFailure.INTERFACE_NOT_FOUND, Set.of("PathUnresolved", "TargetUnresolved"),
        AgentFailure.LAUNCHER_POD_NOT_FOUND, Set.of("PathUnresolved", "TargetUnresolved"));
    recordsByReason.forEach((reason, records) -> assertThat(records).as(reason)
        .hasSize(shared.containsKey(reason) ? 2 : 1));
    shared.forEach((reason, records) -> assertThat(recordsByReason.get(reason)).isEqualTo(records));
  }

  @Test
  void onlyEvictionNodeNotReadyAndADeletedPodAreRetried() {
    assertThat(OutcomeTable.rows()).filteredOn(r -> r.ending() == Ending.TRANSIENT)
        .extracting(r -> (Object) r.type()).containsExactlyInAnyOrder(CaptureFailure.Evicted.class,
            CaptureFailure.NodeNotReady.class, CaptureFailure.PodDeleted.class);
  }

  @Test
  void aCaptureFailureWarnsUnderItsOwnNameOrCaptureFailed() {
    for (CaptureFailure failure : OutcomeSamples.captureFailures()) {
      OutcomeTable.Entry entry = OutcomeTable.of(failure);
      assertThat(entry.event().type()).isEqualTo("Warning");
      assertThat(entry.eventMessage()).isEqualTo(entry.message());
      // A cause of its own has an event of its own name, so `kubectl get events --field-selector reason=...` finds it.
      if (entry.event() != EventReason.CaptureFailed) {
        assertThat(entry.event().name()).isEqualTo(entry.reason());
      }
    }
  }

  @Test
  void aTransientCauseRetriesWhileAttemptsAreLeftThenGivesUp() {
    CaptureFailure evicted = new CaptureFailure.Evicted("Evicted", "The node was low on resource: memory");
    DiagnosisOutcome first = CaptureAttempts.end(evicted, 1, RETRY);
    assertThat(first).isEqualTo(new DiagnosisOutcome.Retrying(evicted, 1, 3, Duration.ofSeconds(10)));
    assertThat(OutcomeTable.of(first)).satisfies(e -> {
      assertThat(e.reason()).isEqualTo("Retrying");
      assertThat(e.event()).isEqualTo(EventReason.Evicted);
      assertThat(e.message()).isEqualTo("The capture pod was evicted (Evicted): The node was low on resource:"
          + " memory. Attempt 2 of 3 starts in 10s.");
    });
    DiagnosisOutcome last = CaptureAttempts.end(evicted, 3, RETRY);
    assertThat(OutcomeTable.of(last)).satisfies(e -> {
      assertThat(e.reason()).isEqualTo("Evicted");
      assertThat(e.ending()).isEqualTo(Ending.FINAL);
      assertThat(e.message()).endsWith("memory. Gave up after 3 attempts.");
    });
    CaptureFailure oom = new CaptureFailure.OomKilled("256Mi");
    assertThat(CaptureAttempts.end(oom, 1, RETRY)).isSameAs(oom);
  }

  @Test
  void messagesCarryTheFacts() {
    assertThat(OutcomeTable.of(new CaptureFailure.ImagePullFailed("registry/vmnetdiag:1", "ImagePullBackOff",
        "Back-off pulling image")))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo("ImagePullFailed");
          assertThat(e.message()).contains("registry/vmnetdiag:1", "ImagePullBackOff", "Back-off pulling image");
          assertThat(e.transientCause()).isFalse();
        });
    assertThat(OutcomeTable.of(new CaptureFailure.AgentFailed(1, "Error", null)).message())
        .contains("exited with code 1", "without a log");
    assertThat(OutcomeTable.of(new DiagnosisOutcome.InvalidSpec(List.of("a: bad", "b: worse")))).satisfies(e -> {
      assertThat(e.message()).isEqualTo("The spec is invalid: a: bad; b: worse.");
      assertThat(e.eventMessage()).isEqualTo("a: bad; b: worse");
    });
    assertThat(OutcomeTable.of(new DiagnosisOutcome.Queued("full", true)).recordsEvent())
        .as("a wait seen again records no second Event").isFalse();
  }

  @Test
  void backoffDoublesUpToItsCap() {
    var retry = new OperatorSettings.Retry(5, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ZERO,
        Duration.ZERO);
    assertThat(List.of(retry.before(2), retry.before(3), retry.before(4), retry.before(5)))
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }
}
