package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.CaptureStop;
import io.vmnetdiag.lab.VerdictLatencyBench.Run;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictLatencyBenchTest {
  private static Run early(long millis, String verdict, boolean endedEarly) {
    return new Run(CaptureStop.WhenConclusive, 1, Duration.ofMillis(millis), verdict, endedEarly, "2.10 s");
  }

  private static Run full(long millis) {
    return new Run(CaptureStop.AtWindowEnd, 1, Duration.ofMillis(millis), "GuestNotProcessingReceive", false, "10.00 s");
  }

  @Test
  void theMedianOfTheEarlyRunsDecides() {
    List<Run> runs = List.of(early(4100, "GuestNotProcessingReceive", true), early(6900, "GuestNotProcessingReceive", true),
        early(3900, "GuestNotProcessingReceive", true), full(12_400), full(12_600));

    assertThat(VerdictLatencyBench.median(runs, CaptureStop.WhenConclusive)).isEqualTo(Duration.ofMillis(4100));
    assertThat(VerdictLatencyBench.median(runs, CaptureStop.AtWindowEnd)).isEqualTo(Duration.ofMillis(12_500));
    assertThat(VerdictLatencyBench.goalMet(runs)).isTrue();
    assertThat(VerdictLatencyBench.report(runs))
        .contains("median, WhenConclusive (3 runs): 4.10 s; median, AtWindowEnd (2 runs, 10s window): 12.50 s")
        .contains("goal: applied -> verdict <= 5 s (median, seed fault, WhenConclusive): PASS");
  }

  @Test
  void aSlowMedianAWrongVerdictOrAFullWindowFails() {
    assertThat(VerdictLatencyBench.goalMet(List.of(early(5100, "GuestNotProcessingReceive", true)))).isFalse();
    assertThat(VerdictLatencyBench.goalMet(List.of(early(3000, "GuestNotResponding", true)))).isFalse();
    assertThat(VerdictLatencyBench.goalMet(List.of(early(3000, "GuestNotProcessingReceive", false)))).isFalse();
    assertThat(VerdictLatencyBench.goalMet(List.of(full(3000)))).as("no early runs at all").isFalse();
  }
}
