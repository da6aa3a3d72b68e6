package io.vmnetdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {
  /** A step whose agent captured {@code captured} packets with {@code windowMillis} of CPU, tcpdump -w 0.1 s. */
  private static StepMeasurement step(String label, long captured, double windowMillis, SteadyCpu steady) {
    return new StepMeasurement(label, 100_000, 10, captured, captured,
        new ToolMeasurement("agent", captured, 0, windowMillis / 1e3),
        new ToolMeasurement("tcpdump -w", captured, 0, 0.1),
        new ToolMeasurement("tcpdump -nn", captured, 0, 2), 300, steady);
  }

  /** Steady state: {@code nanosPerPacket} for the agent over 100,000 packets. */
  private static SteadyCpu steady(long nanosPerPacket) {
    return new SteadyCpu(100_000, nanosPerPacket * 100_000, 10_000_000, 200_000_000);
  }

  @Test
  void theWholeCaptureRatioIsAFigurePerRate() {
    Figures.Figure ratio = Figures.wholeCaptureRatio(List.of(step("25k", 300_000, 1000, steady(150)),
        step("max", 1_000_000, 95, steady(60)), step("50k", -1, -1, SteadyCpu.UNKNOWN)));

    assertThat(ratio.toString()).isEqualTo("FIGURE: whole capture (JIT warm-up included), agent/tcpdump -w CPU per"
        + " packet: 25k 10.00x, max 0.95x, 50k n/a");
  }

  @Test
  void theFixedCpuIsTheWholeCaptureLessThePacketsAtTheSteadyStateCost() {
    // 450 ms - 150 ns x 300,000 = 405 ms; 500 ms - 80 ns x 1,200,000 = 404 ms; 1,000 ms - 60 ns x 10,000,000 = 400 ms.
    List<StepMeasurement> ladder = List.of(step("25k", 300_000, 450, steady(150)),
        step("100k", 1_200_000, 500, steady(80)), step("max", 10_000_000, 1_000, steady(60)));

    assertThat(ladder.get(0).agentFixedCpuMillis()).isCloseTo(405, within(1e-6));
    assertThat(Figures.fixedCpuPerDiagnosis(ladder).toString()).startsWith("FIGURE: agent fixed CPU per diagnosis,"
            + " the cost to cut (JIT compilation, class loading, set-up)")
        .endsWith(": 25k 405 ms, 100k 404 ms, max 400 ms; median 404 ms");
  }

  @Test
  void anUnknownFigureIsSaidAndLeftOutOfTheMedian() {
    List<StepMeasurement> ladder = List.of(step("25k", 300_000, 450, steady(150)),
        step("50k", 600_000, 470, SteadyCpu.UNKNOWN), step("100k", -1, 500, steady(80)),
        step("200k", 2_400_000, -1, steady(70)), step("max", 10_000_000, 1_000, steady(60)));

    assertThat(Figures.fixedCpuPerDiagnosis(ladder).text())
        .endsWith(": 25k 405 ms, 50k n/a, 100k n/a, 200k n/a, max 400 ms; median 403 ms");
    assertThat(Figures.fixedCpuPerDiagnosis(List.of(step("max", 1, -1, SteadyCpu.UNKNOWN))).text())
        .endsWith(": max n/a; median n/a");
    assertThat(Figures.fixedCpuPerDiagnosis(List.of()).text()).endsWith(": n/a");
  }

  @Test
  void noiseCanMakeTheFixedCpuNegativeAndItIsPrintedAsMeasured() {
    // 500 ms in the window, 70 ns x 8,000,000 = 560 ms at the steady-state cost: the estimate is -60 ms.
    assertThat(Figures.fixedCpuPerDiagnosis(List.of(step("max", 8_000_000, 500, steady(70)))).text())
        .endsWith(": max -60 ms; median -60 ms");
  }

  @Test
  void theCpuBeforeArmingComesFromTheAgentCpuSplit() {
    List<StepMeasurement> ladder = List.of(step("25k", 300_000, 450, steady(150)),
        step("50k", 600_000, 470, steady(120)));
    List<AgentCpu> split = List.of(new AgentCpu(300_000, 450_000_000, 270_000_000, 0, 1_250_000_000L),
        new AgentCpu(600_000, -1, -1, -1, -1));

    assertThat(Figures.cpuBeforeArmed(ladder, split).toString()).startsWith("FIGURE: agent CPU before its capture was"
        + " armed").endsWith(": 25k 800 ms, 50k n/a; median 800 ms");
    assertThat(Figures.cpuBeforeArmed(ladder, List.of()).text()).endsWith("n/a (no agent CPU split for every rate)");
  }

  @Test
  void figuresComeInAFixedOrderAndAreNeverGoals() {
    List<Figures.Figure> figures = Figures.of(List.of(step("25k", 300_000, 450, steady(150))), List.of(), List.of());

    assertThat(figures).hasSize(4).allMatch(figure -> figure.toString().startsWith("FIGURE: "));
    assertThat(figures.get(0).text()).startsWith("whole capture");
    assertThat(figures.get(1).text()).startsWith("agent fixed CPU per diagnosis");
    assertThat(figures.get(2).text()).startsWith("agent CPU before its capture was armed");
    assertThat(figures.get(3).text()).startsWith("agent start-up without / with the class archive")
        .endsWith("n/a (no start-up runs)");
  }

  /** A start-up run at 25 kpps: launch to armed, process CPU, window CPU (ms) and packets captured. */
  private static ArchiveStartup startup(boolean archive, long armedMillis, long processMillis, long windowMillis,
      long captured) {
    return new ArchiveStartup(archive, 25_000, armedMillis,
        new AgentCpu(captured, windowMillis * 1_000_000, -1, -1, processMillis * 1_000_000));
  }

  @Test
  void theClassArchiveFigureComparesMediansOfStartUpAndCpuPerDiagnosis() {
    // The ladder's 25k step: 150 ns per packet in the steady state (its other figures play no part).
    StepMeasurement at25k = step("25k", 300_000, 450, steady(150));
    List<StepMeasurement> ladder = List.of(new StepMeasurement("25k", 25_000, 12, 300_000, 300_000, at25k.agent(),
        at25k.tcpdumpWrite(), at25k.tcpdumpPrint(), 300, at25k.steady()));
    List<ArchiveStartup> runs = List.of(
        // Without: before armed 400, 500, 450 ms; fixed = 230 ms - 150 ns x 200,000 = 200 ms each.
        startup(false, 700, 630, 230, 200_000), startup(false, 800, 730, 230, 200_000),
        startup(false, 750, 680, 230, 200_000),
        // With: before armed 250, 260 ms; fixed = 210 - 30 = 180 ms and 190 - 30 = 160 ms.
        startup(true, 500, 460, 210, 200_000), startup(true, 520, 450, 190, 200_000));

    assertThat(Figures.classArchiveStartup(runs, ladder).text()).isEqualTo("agent start-up without / with the class"
        + " archive (AppCDS), medians of 3 / 2 runs at 25000 pps: launch to armed 750 ms / 510 ms; CPU before armed"
        + " 450 ms / 255 ms; fixed CPU in the window 200 ms / 170 ms; CPU per diagnosis (before armed + fixed)"
        + " 650 ms / 425 ms");
  }

  @Test
  void theMedianOfTheKnownValues() {
    assertThat(Figures.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Figures.median(new double[] {4, 1, Double.NaN, 3, 2})).isEqualTo(2.5);
    assertThat(Figures.median(new double[] {Double.NaN})).isNaN();
    assertThat(Figures.median(new double[0])).isNaN();
  }
}
