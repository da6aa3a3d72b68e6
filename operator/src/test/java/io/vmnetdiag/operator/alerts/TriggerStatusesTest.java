package io.vmnetdiag.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.DiagnosisTriggerStatus;
import io.vmnetdiag.api.v1alpha1.TriggerAlert;
import io.vmnetdiag.api.v1alpha1.TriggerRefusal;
import io.vmnetdiag.operator.events.EventReason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status a trigger's activity and spec make, the validation, and the events' aggregation. */
class TriggerStatusesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void countsAddUpAcrossWritesAndTheTransitionTimeStaysWhileReadyDoes() {
    DiagnosisTrigger trigger = trigger("[{name: alertname, value: A}]");
    TriggerActivity activity = new TriggerActivity();
    activity.matched(new TriggerAlert("f1", "2026-12-01T09:59:00Z", T0.toString()));
    activity.tally(TriggerTally.Created, "alert-web-01-x", null, "created");
    activity.tally(TriggerTally.Duplicate, null, null, "dup");
    trigger.setStatus(TriggerStatuses.next(trigger, TriggerValidation.check(trigger), activity.drain(), T0));

    activity.tally(TriggerTally.of(AlertOutcome.Refused), null, new TriggerRefusal("Refused", "quota", "f2", "t"), "r");
    activity.tally(TriggerTally.of(AlertOutcome.Active), null, null, "active");
    DiagnosisTriggerStatus next = TriggerStatuses.next(trigger, null, activity.drain(), T0.plusSeconds(5));

    assertThat(next.getCounts().getCreated()).isEqualTo(1);
    assertThat(next.getCounts().getDuplicate()).isEqualTo(1);
    assertThat(next.getCounts().getRefused()).isEqualTo(1);
    assertThat(next.getCounts().getCoolingDown()).isEqualTo(1);
    assertThat(next.getLastAlert().getFingerprint()).as("kept from the earlier write").isEqualTo("f1");
    assertThat(next.getLastDiagnosis()).isEqualTo("alert-web-01-x");
    assertThat(next.getLastRefusal().getMessage()).isEqualTo("quota");
    DiagnosisCondition ready = next.getConditions().get(0);
    assertThat(ready.getType()).isEqualTo("Ready");
    assertThat(ready.getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void aFailedWriteGivesItsActivityBackAndNewerFiguresWin() {
    TriggerActivity activity = new TriggerActivity();
    activity.tally(TriggerTally.Created, "first", null, "m");
    TriggerActivity.Drained lost = activity.drain();
    activity.tally(TriggerTally.Created, "second", null, "m");
    activity.restore(lost);
    TriggerActivity.Drained again = activity.drain();
    assertThat(again.counts()[TriggerTally.Created.ordinal()]).isEqualTo(2);
    assertThat(again.lastDiagnosis()).isEqualTo("second");
  }

  @Test
  void anEventReasonIsToldAtMostOncePerIntervalForAllItsOccurrences() {
    TriggerActivity activity = new TriggerActivity();
    long interval = Duration.ofSeconds(10).toNanos();
    activity.tally(TriggerTally.Created, "a", null, "created a");
    assertThat(activity.dueEvents(0, interval)).containsExactly(
        new TriggerActivity.DueEvent(EventReason.DiagnosisCreated, "created a", 1));
    for (int i = 0; i < 500; i++) {
      activity.tally(TriggerTally.Created, "b" + i, null, "created b" + i);
      activity.tally(TriggerTally.Duplicate, null, null, "dup");
    }
    assertThat(activity.dueEvents(interval - 1, interval)).isEmpty();
    assertThat(activity.owesEvents()).isTrue();
    assertThat(activity.dueEvents(interval, interval)).containsExactly(
        new TriggerActivity.DueEvent(EventReason.DiagnosisCreated, "created b499", 500));
    assertThat(activity.owesEvents()).isFalse();
  }

  @Test
  void aRegexThatDoesNotCompileMakesTheTriggerInvalidAndStalled() {
    DiagnosisTrigger trigger = trigger("[{name: alertname, value: A}, {name: job, operator: NotRegex, value: 'a(b'}]");
    TriggerValidation.Problem problem = TriggerValidation.check(trigger);
    assertThat(problem.reason()).isEqualTo("InvalidMatcher");
    assertThat(problem.message()).startsWith("spec.matchers[1]: regex 'a(b' does not compile");
    DiagnosisTriggerStatus status = TriggerStatuses.next(trigger, problem, TriggerActivity.Drained.NONE, T0);
    assertThat(status.getConditions()).extracting(DiagnosisCondition::getType, DiagnosisCondition::getStatus,
        DiagnosisCondition::getReason).containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "False", "InvalidMatcher"),
            org.assertj.core.groups.Tuple.tuple("Stalled", "True", "InvalidMatcher"));
    assertThat(TriggerValidation.check(trigger("[{name: alertname, operator: Regex, value: 'a|b'}]"))).isNull();
  }

  private static DiagnosisTrigger trigger(String matchers) {
    DiagnosisTrigger trigger = Serialization.unmarshal("""
        apiVersion: vmnetdiag.io/v1alpha1
        kind: DiagnosisTrigger
        metadata: {name: t, namespace: vms, generation: 1}
        spec:
          matchers: %s
          target: {libvirt: {nodeLabel: node, domainLabel: domain}}
        """.formatted(matchers), DiagnosisTrigger.class);
    return trigger;
  }
}
