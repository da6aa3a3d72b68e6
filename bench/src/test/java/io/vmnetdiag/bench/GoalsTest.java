package io.vmnetdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoalsTest {
  private static final FootprintMeasurement GOOD_FLOOD =
      new FootprintMeasurement(10_000_000, 30, 10_000_000, 0, 80 * 1024, 61, 400);

  private static StepMeasurement step(String label, long agentCaptured, long agentDrops, double agentCpu,
      long tcpdumpDrops, double tcpdumpCpu) {
    // Steady state: the same ratio as the whole capture unless a test says otherwise.
    return step(label, agentCaptured, agentDrops, agentCpu, tcpdumpDrops, tcpdumpCpu,
        new SteadyCpu(400_000, (long) (agentCpu * 4e8), (long) (tcpdumpCpu * 4e8), (long) (tcpdumpCpu * 8e8)));
  }

  private static StepMeasurement step(String label, long agentCaptured, long agentDrops, double agentCpu,
      long tcpdumpDrops, double tcpdumpCpu, SteadyCpu steady) {
    long seen = 1_000_000;
    return new StepMeasurement(label, 100_000, 10, seen, seen,
        new ToolMeasurement("agent", agentCaptured, agentDrops, agentCpu),
        new ToolMeasurement("tcpdump -w", seen - tcpdumpDrops, tcpdumpDrops, tcpdumpCpu),
        new ToolMeasurement("tcpdump -nn", seen - tcpdumpDrops, tcpdumpDrops, 2 * tcpdumpCpu), 350, steady);
  }

  @Test
  void anAgentAsGoodAsTcpdumpPassesEveryGoal() {
    List<StepMeasurement> ladder = List.of(step("100k", 1_000_000, 0, 0.12, 0, 0.10),
        step("max", 800_000, 200_000, 0.15, 200_000, 0.10));

    assertThat(Goals.judge(ladder, GOOD_FLOOD)).hasSize(5).allMatch(Goals.Outcome::passed);
  }

  @Test
  void theWholeCaptureRatioIsNoLongerAGoal() {
    // A whole capture 10x tcpdump -w (a fixed warm-up on few packets) with a steady state at 1.2x: every goal passes.
    List<StepMeasurement> ladder = List.of(step("25k", 1_000_000, 0, 1.0, 0, 0.10,
        new SteadyCpu(100_000, 12_000_000, 10_000_000, 20_000_000)));

    List<Goals.Outcome> outcomes = Goals.judge(ladder, GOOD_FLOOD);

    assertThat(outcomes).allMatch(Goals.Outcome::passed);
    assertThat(outcomes).map(Goals.Outcome::text).noneMatch(text -> text.contains("whole capture"))
        .anyMatch(text -> text.contains("steady state (25k 1.20x)"));
  }

  @Test
  void dropsWhereTcpdumpHasNoneFail() {
    List<StepMeasurement> ladder = List.of(step("100k", 990_000, 10_000, 0.12, 0, 0.10));

    Goals.Outcome drops = Goals.noDropsWhereTcpdumpHasNone(ladder);
    assertThat(drops.passed()).isFalse();
    assertThat(drops.toString()).startsWith("FAIL: ").contains("100k (agent dropped 10000)");
    assertThat(Goals.capturedAllWhereTcpdumpDid(ladder).passed()).isFalse();
  }

  @Test
  void dropsWhereTcpdumpDropsTooDoNotCount() {
    assertThat(Goals.noDropsWhereTcpdumpHasNone(List.of(step("100k", 1_000_000, 0, 0.1, 0, 0.1),
        step("max", 500_000, 500_000, 0.1, 100, 0.1))).passed()).isTrue();
  }

  @Test
  void steadyCpuAboveOneAndAHalfTimesTcpdumpFails() {
    assertThat(Goals.steadyCpuWithinLimit(List.of(step("100k", 1_000_000, 0, 0.15, 0, 0.10))).passed()).isTrue();
    Goals.Outcome tooHungry = Goals.steadyCpuWithinLimit(List.of(step("100k", 1_000_000, 0, 0.16, 0, 0.10)));
    assertThat(tooHungry.passed()).isFalse();
    assertThat(tooHungry.toString()).startsWith("FAIL: ").contains("100k 1.60x");
  }

  @Test
  void theSteadyStateIsJudgedOnItsOwnFigures() {
    // A whole capture 3x tcpdump (a fixed warm-up on few packets) with a steady state at 1.2x, and the reverse.
    StepMeasurement warmUpHeavy = step("25k", 1_000_000, 0, 0.30, 0, 0.10, new SteadyCpu(100_000, 12_000_000, 10_000_000, 20_000_000));
    StepMeasurement steadyHeavy = step("25k", 1_000_000, 0, 0.10, 0, 0.10, new SteadyCpu(100_000, 16_000_000, 10_000_000, 20_000_000));

    assertThat(Goals.steadyCpuWithinLimit(List.of(warmUpHeavy)).passed()).isTrue();
    assertThat(Goals.steadyCpuWithinLimit(List.of(warmUpHeavy)).text()).contains("steady state (25k 1.20x)");
    assertThat(Goals.steadyCpuWithinLimit(List.of(steadyHeavy)).passed()).isFalse();
    assertThat(Goals.steadyCpuWithinLimit(List.of(steadyHeavy)).text()).contains("25k 1.60x");
    assertThat(Goals.steadyCpuWithinLimit(List.of(step("25k", 1_000_000, 0, 0.1, 0, 0.1, SteadyCpu.UNKNOWN))).passed())
        .isFalse();
  }

  @Test
  void unknownFiguresNeverPass() {
    StepMeasurement unknown = step("100k", -1, -1, -1, 0, 0);

    assertThat(Goals.steadyCpuWithinLimit(List.of(step("100k", 1_000_000, 0, 0.1, 0, 0.1, SteadyCpu.UNKNOWN))).passed())
        .isFalse();
    assertThat(Goals.noDropsWhereTcpdumpHasNone(List.of(unknown)).passed()).isFalse();
    assertThat(Goals.steadyCpuWithinLimit(List.of()).passed()).isFalse();
    assertThat(Goals.memoryBounded(new FootprintMeasurement(-1, -1, -1, -1, -1, -1, -1)).passed()).isFalse();
    assertThat(Goals.startupFast(List.of(unknown), new FootprintMeasurement(-1, -1, -1, -1, -1, -1, -1)).passed()).isFalse();
  }

  @Test
  void memoryAndStartupHaveTheirLimits() {
    assertThat(Goals.memoryBounded(GOOD_FLOOD).passed()).isTrue();
    assertThat(Goals.memoryBounded(new FootprintMeasurement(10_000_000, 30, 9_000_000, 0, 129 * 1024, 61, 400)).passed()).isFalse();
    assertThat(Goals.memoryBounded(new FootprintMeasurement(9_999_999, 30, 9_999_999, 0, 80 * 1024, 61, 400)).passed()).isFalse();
    assertThat(Goals.startupFast(List.of(), GOOD_FLOOD).passed()).isTrue();
    assertThat(Goals.startupFast(List.of(), new FootprintMeasurement(10_000_000, 30, 1, 0, 1, 61, 1501)).passed()).isFalse();
  }
}
