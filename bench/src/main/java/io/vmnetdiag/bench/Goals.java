package io.vmnetdiag.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Judges a benchmark run against the goals of issue 3 ("Speed and footprint"). CPU is judged in the
 * steady state only; the whole-capture ratio, JIT warm-up included, is no goal but a figure
 * ({@link Figures}), printed beside the agent's fixed CPU per diagnosis.
 */
public final class Goals {
  public static final double CPU_RATIO_LIMIT = 1.5;
  public static final double PEAK_RSS_LIMIT_MIB = 128;
  public static final long FLOOD_PACKETS = 10_000_000;
  public static final long STARTUP_LIMIT_MILLIS = 1500;

  /** One goal's outcome, printed as "PASS: ..." or "FAIL: ...". */
  public record Outcome(boolean passed, String text) {
    @Override
    public String toString() {
      return (passed ? "PASS: " : "FAIL: ") + text;
    }
  }

  private Goals() {
  }

  /** Every goal, in a fixed order: these alone decide the exit status. */
  public static List<Outcome> judge(List<StepMeasurement> ladder, FootprintMeasurement footprint) {
    return List.of(noDropsWhereTcpdumpHasNone(ladder), capturedAllWhereTcpdumpDid(ladder),
        steadyCpuWithinLimit(ladder), memoryBounded(footprint), startupFast(ladder, footprint));
  }

  static Outcome noDropsWhereTcpdumpHasNone(List<StepMeasurement> ladder) {
    List<String> compared = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (StepMeasurement step : ladder) {
      boolean tcpdumpClean = step.tcpdumpWrite().kernelDrops() == 0 || step.tcpdumpPrint().kernelDrops() == 0;
      if (!tcpdumpClean) {
        continue;
      }
      compared.add(step.label());
      if (step.agent().kernelDrops() != 0) {
        failed.add(step.label() + " (agent dropped " + step.agent().kernelDrops() + ")");
      }
    }
    if (compared.isEmpty()) {
      return new Outcome(false, "zero kernel drops wherever tcpdump has zero: no rate where tcpdump had zero, nothing to compare");
    }
    return new Outcome(failed.isEmpty(), "zero kernel drops wherever tcpdump has zero (rates " + String.join(", ", compared)
        + ")" + (failed.isEmpty() ? "" : ": dropped at " + String.join(", ", failed)));
  }

  static Outcome capturedAllWhereTcpdumpDid(List<StepMeasurement> ladder) {
    List<String> compared = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (StepMeasurement step : ladder) {
      if (step.seenPackets() <= 0 || step.tcpdumpWrite().captured() < step.seenPackets()) {
        continue;
      }
      compared.add(step.label());
      if (step.agent().captured() < step.seenPackets()) {
        failed.add(String.format(Locale.ROOT, "%s (%.2f%%)", step.label(), step.agent().capturedPercent(step.seenPackets())));
      }
    }
    if (compared.isEmpty()) {
      return new Outcome(false, "agent captures 100% wherever tcpdump -w does: tcpdump -w captured everything at no rate");
    }
    return new Outcome(failed.isEmpty(), "agent captures 100% wherever tcpdump -w does (rates " + String.join(", ", compared)
        + ")" + (failed.isEmpty() ? "" : ": missed packets at " + String.join(", ", failed)));
  }

  static Outcome steadyCpuWithinLimit(List<StepMeasurement> ladder) {
    return ratiosWithinLimit(ladder, step -> step.steady().ratio(),
        "agent CPU per packet within %.1fx of tcpdump -w at every rate, steady state (%s)");
  }

  private static Outcome ratiosWithinLimit(List<StepMeasurement> ladder, ToDoubleFunction<StepMeasurement> ratioOf,
      String text) {
    List<String> ratios = new ArrayList<>();
    boolean passed = !ladder.isEmpty();
    for (StepMeasurement step : ladder) {
      double ratio = ratioOf.applyAsDouble(step);
      if (Double.isNaN(ratio)) {
        ratios.add(step.label() + " n/a");
        passed = false;
        continue;
      }
      ratios.add(String.format(Locale.ROOT, "%s %.2fx", step.label(), ratio));
      passed &= ratio <= CPU_RATIO_LIMIT;
    }
    return new Outcome(passed, String.format(Locale.ROOT, text, CPU_RATIO_LIMIT, String.join(", ", ratios)));
  }

  static Outcome memoryBounded(FootprintMeasurement footprint) {
    boolean flooded = footprint.offeredPackets() >= FLOOD_PACKETS;
    boolean bounded = footprint.peakRssKib() > 0 && footprint.peakRssMib() <= PEAK_RSS_LIMIT_MIB;
    return new Outcome(flooded && bounded, String.format(Locale.ROOT,
        "agent peak RSS %.1f MiB <= %.0f MiB through a flood of %,d packets (agent saw %,d; goal >= %,d offered)",
        footprint.peakRssMib(), PEAK_RSS_LIMIT_MIB, footprint.offeredPackets(), footprint.captured(), FLOOD_PACKETS));
  }

  static Outcome startupFast(List<StepMeasurement> ladder, FootprintMeasurement footprint) {
    long[] startups = Stream.concat(ladder.stream().map(StepMeasurement::agentStartupMillis),
        Stream.of(footprint.startupMillis())).mapToLong(Long::longValue).toArray();
    boolean allKnown = startups.length > 0 && LongStream.of(startups).allMatch(millis -> millis >= 0);
    long worst = LongStream.of(startups).max().orElse(-1);
    return new Outcome(allKnown && worst <= STARTUP_LIMIT_MILLIS, String.format(Locale.ROOT,
        "process start to capture armed <= %d ms (worst of %d starts: %d ms)", STARTUP_LIMIT_MILLIS, startups.length, worst));
  }
}
