package io.vmnetdiag.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.CaptureWindowReport;
import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinishedDiagnosisTest {
  private static final String CREATED = "2026-12-01T10:00:00Z";

  @Test
  void aStatusThatIsNotFinalEndsNothing() {
    assertThat(FinishedDiagnosis.of(diagnosis(1), null, status(1, "InProgress", null))).isEmpty();
  }

  @Test
  void theFirstFinalStatusOfAGenerationIsAnEndingWithItsReadyReasonAndTimeSinceCreation() {
    FinishedDiagnosis ending = FinishedDiagnosis.of(diagnosis(1), status(1, "InProgress", null),
        status(1, "CaptureTimedOut", "2026-12-01T10:03:00Z")).orElseThrow();
    assertThat(ending.readyReason()).isEqualTo("CaptureTimedOut");
    assertThat(ending.verdict()).isEmpty();
    assertThat(ending.sinceCreation()).isEqualTo(Duration.ofMinutes(3));
    assertThat(ending.windowUsed()).isEmpty();
  }

  @Test
  void anotherWriteOfAnEndedGenerationIsNotCountedAgain() {
    NetworkDiagnosis ended = diagnosis(1, status(1, "InvalidSpec", "2026-12-01T10:00:01Z"));
    assertThat(FinishedDiagnosis.of(ended, ended.getStatus(), status(1, "InvalidSpec", "2026-12-01T10:00:05Z"))).isEmpty();
  }

  @Test
  void aNewGenerationEndsAgain() {
    NetworkDiagnosis changed = diagnosis(2, status(1, "InvalidSpec", "2026-12-01T10:00:01Z"));
    assertThat(FinishedDiagnosis.of(changed, changed.getStatus(), status(2, "InvalidSpec", "2026-12-01T10:05:00Z"))).isPresent();
  }

  @Test
  void clockSkewBetweenApiServerAndOperatorNeverGivesANegativeTime() {
    FinishedDiagnosis ending = FinishedDiagnosis.of(diagnosis(1), null, status(1, "InvalidSpec", "2026-12-01T09:59:59Z"))
        .orElseThrow();
    assertThat(ending.sinceCreation()).isZero();
  }

  @Test
  void aVerdictCarriesItsWindowAndTheKernelsDropsOnHopsAndNodeWide() {
    NetworkDiagnosisStatus written = status(1, "Diagnosed", "2026-12-01T10:00:30Z");
    written.setVerdict(new Verdict(VerdictReason.LostInsideHost, "bridge->tap", "lost", List.of()));
    CaptureWindowReport window = new CaptureWindowReport();
    window.setStart("2026-12-01T10:00:10Z");
    window.setEnd("2026-12-01T10:00:14.500Z");
    window.setEndedEarly(true);
    written.setWindow(window);
    HopObservation tap = new HopObservation(HopRole.Tap, "vnet0");
    tap.setDropReasons(List.of(new DropReasonCount("NETFILTER_DROP", "nft_do_chain", 12)));
    written.setHops(List.of(tap));
    KernelDrops drops = new KernelDrops();
    drops.setUnattributed(List.of(new DropReasonCount("NO_SOCKET", "tcp_v4_rcv", 3)));
    written.setKernelDrops(drops);

    FinishedDiagnosis ending = FinishedDiagnosis.of(diagnosis(1), null, written).orElseThrow();
    assertThat(ending.verdict()).map(Verdict::getLocation).contains("bridge->tap");
    assertThat(ending.windowUsed()).contains(Duration.ofMillis(4500));
    assertThat(ending.windowEndedEarly()).isTrue();
    assertThat(ending.kernelDrops()).containsExactly(
        new FinishedDiagnosis.KernelDrop("NETFILTER_DROP", true, 12),
        new FinishedDiagnosis.KernelDrop("NO_SOCKET", false, 3));
  }

  private static NetworkDiagnosis diagnosis(long generation) {
    return diagnosis(generation, null);
  }

  private static NetworkDiagnosis diagnosis(long generation, NetworkDiagnosisStatus status) {
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName("web");
    nd.getMetadata().setNamespace("vms");
    nd.getMetadata().setGeneration(generation);
    nd.getMetadata().setCreationTimestamp(CREATED);
    nd.setStatus(status);
    return nd;
  }

  private static NetworkDiagnosisStatus status(long generation, String readyReason, String completionTime) {
    NetworkDiagnosisStatus status = new NetworkDiagnosisStatus();
    status.setObservedGeneration(generation);
    DiagnosisCondition ready = new DiagnosisCondition();
    ready.setType("Ready");
    ready.setReason(readyReason);
    status.setConditions(List.of(ready));
    status.setCompletionTime(completionTime);
    return status;
  }
}
