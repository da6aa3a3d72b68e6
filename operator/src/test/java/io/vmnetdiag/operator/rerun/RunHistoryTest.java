package io.vmnetdiag.operator.rerun;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.PastRun;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunHistoryTest {
  @Test
  void historyKeepsTheNewestRunsUpToItsBound() {
    NetworkDiagnosisStatus status = finishedRun(1, VerdictReason.PathHealthy);
    for (long run = 2; run <= NetworkDiagnosisStatus.MAX_HISTORY + 5; run++) {
      List<PastRun> history = RunHistory.withFinishedRun(status);
      status = finishedRun(run, run % 2 == 0 ? VerdictReason.LostInsideHost : VerdictReason.PathHealthy);
      status.setHistory(history);
    }
    List<PastRun> history = RunHistory.withFinishedRun(status);

    assertThat(history).hasSize(NetworkDiagnosisStatus.MAX_HISTORY);
    assertThat(history).extracting(PastRun::getRun).containsExactly(15L, 14L, 13L, 12L, 11L, 10L, 9L, 8L, 7L, 6L);
    assertThat(history.get(0).getVerdict()).isEqualTo(VerdictReason.PathHealthy);
    assertThat(history.get(0).getOutcome()).isEqualTo("Diagnosed");
  }

  @Test
  void verdictChangeComparesWithThePreviousRun() {
    NetworkDiagnosisStatus running = new NetworkDiagnosisStatus();
    running.setHistory(RunHistory.withFinishedRun(finishedRun(1, VerdictReason.PathHealthy)));

    assertThat(RunHistory.verdictChange(running, verdict(VerdictReason.PathHealthy))).isNull();
    assertThat(RunHistory.verdictChange(running, verdict(VerdictReason.LostInsideHost)))
        .isEqualTo("Verdict changed from PathHealthy at bridge br0 (run 1 of generation 3) to LostInsideHost at"
            + " bridge br0.");
    assertThat(RunHistory.verdictChange(new NetworkDiagnosisStatus(), verdict(VerdictReason.LostInsideHost))).isNull();
  }

  private static NetworkDiagnosisStatus finishedRun(long run, VerdictReason reason) {
    NetworkDiagnosisStatus status = new NetworkDiagnosisStatus();
    status.setObservedGeneration(3L);
    status.setRun(run);
    status.setCompletionTime("2026-12-01T10:00:00Z");
    status.setVerdict(verdict(reason));
    status.setConditions(List.of(new DiagnosisCondition("Ready", "True", "Diagnosed", "done", 3L,
        "2026-12-01T10:00:00Z")));
    return status;
  }

  private static Verdict verdict(VerdictReason reason) {
    Verdict verdict = new Verdict();
    verdict.setReason(reason);
    verdict.setLocation("bridge br0");
    return verdict;
  }
}
