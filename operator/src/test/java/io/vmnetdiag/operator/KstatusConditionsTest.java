package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.diagnosis.VerdictEngine;
import io.vmnetdiag.operator.outcome.OutcomeTable;
import io.vmnetdiag.operator.status.Reasons;
import io.vmnetdiag.operator.status.StatusDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * kstatus (sigs.k8s.io/cli-utils, computed by its own Go library) reads every status the operator writes as meant:
 * Current with a verdict, Failed for every way a diagnosis ends without one, InProgress while it works and while a
 * new generation is unseen. The abnormal-true conditions (Reconciling, Stalled) are present only while True, and
 * every condition carries the observed generation.
 */
class KstatusConditionsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T11:00:00Z");

  @Test
  void aVerdictIsCurrent() {
    NetworkDiagnosis nd = diagnosis(3);
    AgentReport report = NetworkDiagnosisReconcilerTest.seedReport(1);
    var verdict = new VerdictEngine().decide(report.getPath(), report.getHops(), report.getProbes(),
        report.getKernelDrops());
    nd.setStatus(StatusDraft.from(nd, NOW).diagnosed(report, verdict, new CaptureRequest()).build());

    assertThat(Kstatus.compute(nd).status()).isEqualTo("Current");
    assertThat(condition(nd, "Ready").getStatus()).isEqualTo("True");
    assertConventions(nd);
  }

  @Test
  void everyEndWithoutAVerdictIsFailedWithItsReason() {
    Map<String, Function<StatusDraft, StatusDraft>> ends = new LinkedHashMap<>();
    ends.put(Reasons.INVALID_SPEC, d -> d.invalidSpec(List.of("spec.target.libvirt.address: not an IP")));
    ends.put(Reasons.POLICY_DENIED, d -> d.policyDenied("namespace vms may not probe"));
    ends.put(Reasons.VMI_NOT_FOUND, d -> d.targetUnresolved(Reasons.VMI_NOT_FOUND, "no VMI web-01"));
    ends.put(AgentFailure.DOMAIN_NOT_FOUND, d -> d.resolutionFailed(AgentFailure.DOMAIN_NOT_FOUND, "no domain"));
    for (OutcomeTable.Row<?> row : OutcomeTable.rows()) {
      ends.put(row.reason(), d -> d.captureFailed(row.reason(), "it failed"));
    }
    assertThat(ends).containsKeys(Reasons.CAPTURE_TIMED_OUT, Reasons.CAPTURE_FAILED, Reasons.EVICTED);

    ends.forEach((reason, end) -> {
      NetworkDiagnosis nd = diagnosis(2);
      nd.setStatus(end.apply(StatusDraft.from(nd, NOW)).build());

      Kstatus.Result result = Kstatus.compute(nd);
      assertThat(result.status()).as(reason).isEqualTo("Failed");
      assertThat(condition(nd, "Stalled").getReason()).as(reason).isEqualTo(reason);
      assertThat(condition(nd, "Ready").getReason()).as("Ready keeps the final reason").isEqualTo(reason);
      assertThat(condition(nd, "Ready").getStatus()).isEqualTo("False");
      assertConventions(nd);
    });
  }

  @Test
  void everyStepOfTheWorkIsInProgress() {
    Map<String, Function<StatusDraft, StatusDraft>> steps = new LinkedHashMap<>();
    steps.put("first look", d -> d);
    steps.put("queued", d -> d.queued("node-a runs 2 captures"));
    steps.put("pod starting", d -> d.captureStarting("00ff"));
    steps.put("pod created", d -> d.captureStarted("nd-web-1", "uid-1", "node-a"));
    steps.put("running", d -> d.captureStarted("nd-web-1", "uid-1", "node-a").captureRunning("nd-web-1"));
    steps.put("retrying", d -> d.retrying(Reasons.EVICTED, "evicted", 1, 3, Duration.ofSeconds(10)));
    steps.put("operator error", d -> d.reconcileFailed("the API server said 500"));

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
