package io.vmnetdiag.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionSetTest {
  private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-26T08:05:00Z");

  @Test
  void everyTypeIsPresentInStageOrder() {
    List<DiagnosisCondition> conditions = new ConditionSet(List.of(), 1, T0).toList();
    assertThat(conditions).extracting(DiagnosisCondition::getType).containsExactly("Ready", "Resolved", "Captured", "Analyzed");
    assertThat(conditions).allSatisfy(c -> {
      assertThat(c.getStatus()).isEqualTo("Unknown");
      assertThat(c.getObservedGeneration()).isEqualTo(1L);
    });
  }

  @Test
  void transitionTimeIsKeptWhileTheStatusStaysTheSame() {
    List<DiagnosisCondition> first = new ConditionSet(List.of(), 1, T0).set("Ready", "False", "InProgress", "a").toList();
    List<DiagnosisCondition> second = new ConditionSet(first, 2, T1).set("Ready", "False", "Other", "b").toList();
    DiagnosisCondition ready = second.get(0);
    assertThat(ready.getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(ready.getReason()).isEqualTo("Other");
    assertThat(ready.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void transitionTimeMovesWhenTheStatusChanges() {
    List<DiagnosisCondition> first = new ConditionSet(List.of(), 1, T0).set("Ready", "False", "InProgress", "a").toList();
    DiagnosisCondition ready = new ConditionSet(first, 1, T1).set("Ready", "True", "Diagnosed", "b").toList().get(0);
    assertThat(ready.getLastTransitionTime()).isEqualTo(T1.toString());
  }

  @Test
  void foreignConditionsSurviveAfterOurs() {
    DiagnosisCondition foreign = new DiagnosisCondition("argocd.argoproj.io/Health", "True", "Healthy", null, null, "2026-11-26T08:00:00Z");
    List<DiagnosisCondition> conditions = new ConditionSet(List.of(foreign), 1, T0).toList();
    assertThat(conditions).extracting(DiagnosisCondition::getType).endsWith("argocd.argoproj.io/Health").hasSize(5);
  }
}
