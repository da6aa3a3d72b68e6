package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome;
import io.vmnetdiag.operator.outcome.OutcomeStatus;
import io.vmnetdiag.operator.outcome.OutcomeTable;
import io.vmnetdiag.operator.status.Reasons;
import io.vmnetdiag.operator.status.StatusDraft;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * kstatus (sigs.k8s.io/cli-utils, computed by its own Go library) reads every status the operator writes as meant:
 * Current with a verdict, Failed for every way a diagnosis ends without one, InProgress while it works and while a
 * new generation is unseen, and each as outcome.OutcomeTable says. The abnormal-true conditions (Reconciling, Stalled) are present only while True, and
 * every condition carries the observed generation.
 */
class KstatusConditionsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T11:00:00Z");

  /** The table's kstatus state of every outcome that writes a status is what kstatus itself reads from it. */
  @Test
  void everyOutcomeReadsAsTheTableSays() {
    Map<OutcomeTable.KstatusState, String> kstatus = Map.of(OutcomeTable.KstatusState.READY, "Current",
        OutcomeTable.KstatusState.STALLED, "Failed", OutcomeTable.KstatusState.RECONCILING, "InProgress");
    Map<OutcomeTable.KstatusState, Integer> seen = new EnumMap<>(OutcomeTable.KstatusState.class);
    for (DiagnosisOutcome outcome : OutcomeSamples.all()) {
      NetworkDiagnosis nd = diagnosis(2);
      Optional<NetworkDiagnosisStatus> status = OutcomeStatus.of(nd, outcome, NOW);
      if (status.isEmpty()) {
        continue; // an Event after the end
      }
      nd.setStatus(status.get());
      OutcomeTable.Entry entry = OutcomeTable.of(outcome);
      String name = outcome.getClass().getSimpleName() + " " + entry.reason();
      seen.merge(entry.state(), 1, Integer::sum);

      assertThat(Kstatus.compute(nd).status()).as(name).isEqualTo(kstatus.get(entry.state()));
      switch (entry.state()) {
        case READY -> assertThat(condition(nd, "Ready").getStatus()).as(name).isEqualTo("True");
        case STALLED -> {
          assertThat(condition(nd, "Stalled").getReason()).as(name).isEqualTo(entry.reason());
          assertThat(condition(nd, "Ready").getReason()).as("Ready keeps the final reason").isEqualTo(entry.reason());
          assertThat(condition(nd, "Ready").getStatus()).isEqualTo("False");
          assertThat(condition(nd, "Ready").getMessage()).isEqualTo(entry.message());
        }
        default -> assertThat(condition(nd, "Reconciling").getReason()).as(name).isEqualTo(entry.reason());
      }
      assertConventions(nd);
    }
    assertThat(seen).containsOnlyKeys(kstatus.keySet());
    assertThat(seen.get(OutcomeTable.KstatusState.STALLED)).isGreaterThan(20);
  }

  @Test
  void everyStepOfTheWorkIsInProgress() {
    Map<String, Function<StatusDraft, StatusDraft>> steps = new LinkedHashMap<>();
    steps.put("first look", d -> d);
    steps.put("queued", d -> d.queued("node-a runs 2 captures"));
    steps.put("pod starting", d -> d.captureStarting("00ff"));
    steps.put("pod created, then running", d -> d.captureStarted("nd-web-1", "uid-1", "node-a", "created")
        .captureRunning("running"));

    steps.forEach((step, apply) -> {
      NetworkDiagnosis nd = diagnosis(1);
      nd.setStatus(apply.apply(StatusDraft.from(nd, NOW)).build());

      assertThat(Kstatus.compute(nd).status()).as(step).isEqualTo("InProgress");
      assertThat(condition(nd, "Reconciling").getStatus()).as(step).isEqualTo("True");
      assertConventions(nd);
    });
  }

  @Test
  void aNewGenerationIsInProgressBeforeAndAfterTheOperatorSawIt() {
    NetworkDiagnosis nd = diagnosis(1);
    nd.setStatus(StatusDraft.from(nd, NOW).captureFailed(Reasons.CAPTURE_TIMED_OUT, "too slow").build());
    nd.getMetadata().setGeneration(2L);

    Kstatus.Result unseen = Kstatus.compute(nd);
    assertThat(unseen.status()).isEqualTo("InProgress");
    assertThat(unseen.message()).contains("latest observed generation is 1");

    nd.setStatus(StatusDraft.from(nd, NOW.plusSeconds(1)).build());
    assertThat(Kstatus.compute(nd).status()).isEqualTo("InProgress");
    assertThat(nd.getStatus().getConditions()).extracting("type").doesNotContain("Stalled");
    assertThat(condition(nd, "Ready").getReason()).isEqualTo(Reasons.PENDING);
    assertConventions(nd);
  }

  @Test
  void beingDeletedIsTerminating() {
    NetworkDiagnosis nd = diagnosis(1);
    nd.setStatus(StatusDraft.from(nd, NOW).queued("waiting").build());
    nd.getMetadata().setDeletionTimestamp(NOW.toString());
    assertThat(Kstatus.compute(nd).status()).isEqualTo("Terminating");
  }

  /** observedGeneration on the status and each condition; Reconciling and Stalled only when True, never both. */
  private static void assertConventions(NetworkDiagnosis nd) {
    NetworkDiagnosisStatus status = nd.getStatus();
    long generation = nd.getMetadata().getGeneration();
    assertThat(status.getObservedGeneration()).isEqualTo(generation);
    assertThat(status.getConditions()).allSatisfy(c -> {
      assertThat(c.getObservedGeneration()).as(c.getType()).isEqualTo(generation);
      assertThat(c.getReason()).matches("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
    });
    assertThat(status.getConditions()).filteredOn(c -> List.of("Reconciling", "Stalled").contains(c.getType()))
        .allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"))
        .hasSizeLessThanOrEqualTo(1);
    assertThat(status.getConditions()).extracting("type").contains("Ready", "Resolved", "Captured", "Analyzed")
        .doesNotHaveDuplicates();
  }

  private static DiagnosisCondition condition(NetworkDiagnosis nd, String type) {
    return TestingCluster.condition(nd.getStatus(), type);
  }

  private static NetworkDiagnosis diagnosis(long generation) {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis("vms", "web-01", "node-a", "web-01");
    nd.getMetadata().setGeneration(generation);
    nd.getMetadata().setUid("uid-" + generation);
    return nd;
  }
}
