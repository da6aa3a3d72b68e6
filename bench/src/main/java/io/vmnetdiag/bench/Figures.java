package io.vmnetdiag.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Figures a run reports beside the goals, never judged: they do not decide the exit status. The
 * whole-capture CPU ratio (agent over {@code tcpdump -w}, JIT warm-up included) was a goal once; the
 * steady-state ratio is the goal now ({@link Goals}), and the whole-capture one is printed as a figure,
 * with the agent's fixed CPU per diagnosis that makes the difference between the two.
 */
public final class Figures {

  /** One figure, printed as "FIGURE: ...". */
  public record Figure(String text) {
    @Override
    public String toString() {
      return "FIGURE: " + text;
    }
  }

  private Figures() {
  }

  /**
   * Every figure, in a fixed order; {@code agentCpu} is the ladder's agent CPU split, step by step (may be empty),
   * {@code startup} the start-up runs without and with the class archive (may be empty).
   */
  public static List<Figure> of(List<StepMeasurement> ladder, List<AgentCpu> agentCpu, List<ArchiveStartup> startup) {
    return List.of(wholeCaptureRatio(ladder), fixedCpuPerDiagnosis(ladder), cpuBeforeArmed(ladder, agentCpu),
        classArchiveStartup(startup, ladder));
  }

  static Figure wholeCaptureRatio(List<StepMeasurement> ladder) {
    List<String> ratios = new ArrayList<>();
    for (StepMeasurement step : ladder) {
      double ratio = step.cpuRatio();
      ratios.add(step.label() + (Double.isNaN(ratio) ? " n/a" : String.format(Locale.ROOT, " %.2fx", ratio)));
    }
    return new Figure("whole capture (JIT warm-up included), agent/tcpdump -w CPU per packet: "
        + (ratios.isEmpty() ? "n/a" : String.join(", ", ratios)));
  }

  static Figure fixedCpuPerDiagnosis(List<StepMeasurement> ladder) {
    return millisPerStep(ladder, StepMeasurement::agentFixedCpuMillis,
        "agent fixed CPU per diagnosis, the cost to cut (JIT compilation, class loading, set-up), armed to end of"
            + " capture = whole-capture CPU - steady-state CPU per packet x packets captured: ");
  }

  /** What the fixed CPU above leaves out: the process's CPU before its capture was armed. */
  static Figure cpuBeforeArmed(List<StepMeasurement> ladder, List<AgentCpu> agentCpu) {
    List<String> labels = ladder.stream().map(StepMeasurement::label).toList();
    double[] millis = agentCpu.stream().mapToDouble(cpu -> cpu.beforeArmedNanos() < 0 ? Double.NaN
        : cpu.beforeArmedNanos() / 1e6).toArray();
    String text = "agent CPU before its capture was armed (JVM start-up, class loading, set-up; not in the fixed"
        + " CPU above): ";
    if (agentCpu.size() != ladder.size()) {
      return new Figure(text + "n/a (no agent CPU split for every rate)");
    }
    return new Figure(text + millisLine(labels, millis));
  }

  /**
   * Start-up without and with the agent's class archive (AppCDS), medians of the start-up phase's runs: wall time
   * from launch to armed, CPU before armed, fixed CPU in the window (at the steady-state cost per packet of the
   * ladder step at the same rate) and their sum, the CPU one diagnosis pays whatever the traffic.
   */
  static Figure classArchiveStartup(List<ArchiveStartup> runs, List<StepMeasurement> ladder) {
    String text = "agent start-up without / with the class archive (AppCDS), medians";
    List<ArchiveStartup> plain = runs.stream().filter(run -> !run.withArchive()).toList();
    List<ArchiveStartup> archived = runs.stream().filter(ArchiveStartup::withArchive).toList();
    if (plain.isEmpty() || archived.isEmpty()) {
      return new Figure(text + ": n/a (no start-up runs)");
    }
    long pps = runs.get(0).targetPps();
    double perPacket = ladder.stream().filter(step -> step.targetPps() == pps).findFirst()
        .map(step -> step.steady().nanosPerPacket(step.steady().agentNanos())).orElse(Double.NaN);
    return new Figure(String.format(Locale.ROOT, "%s of %d / %d runs at %d pps: launch to armed %s; CPU before armed"
            + " %s; fixed CPU in the window %s; CPU per diagnosis (before armed + fixed) %s", text, plain.size(),
        archived.size(), pps, pair(plain, archived, ArchiveStartup::launchToArmed),
        pair(plain, archived, ArchiveStartup::beforeArmedMillis),
        pair(plain, archived, run -> run.fixedCpuMillis(perPacket)),
        pair(plain, archived, run -> run.beforeArmedMillis() + run.fixedCpuMillis(perPacket))));
  }

  private static String pair(List<ArchiveStartup> plain, List<ArchiveStartup> archived,
      ToDoubleFunction<ArchiveStartup> millisOf) {
    return millis(median(plain.stream().mapToDouble(millisOf).toArray())) + " / "
        + millis(median(archived.stream().mapToDouble(millisOf).toArray()));
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f ms", value);
  }

  private static Figure millisPerStep(List<StepMeasurement> ladder, ToDoubleFunction<StepMeasurement> millisOf,
      String text) {
    List<String> labels = ladder.stream().map(StepMeasurement::label).toList();
    return new Figure(text + millisLine(labels, ladder.stream().mapToDouble(millisOf).toArray()));
  }

  /** "25k 392 ms, 50k n/a, ...; median 390 ms" (the median of the known values). */
  private static String millisLine(List<String> labels, double[] millis) {
    if (labels.isEmpty()) {
      return "n/a";
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      parts.add(labels.get(i) + (Double.isNaN(millis[i]) ? " n/a" : String.format(Locale.ROOT, " %.0f ms", millis[i])));
    }
    double median = median(millis);
    return String.join(", ", parts) + "; median " + (Double.isNaN(median) ? "n/a" : String.format(Locale.ROOT, "%.0f ms", median));
  }

  /** The median of the values that are not NaN; NaN when there are none. */
  static double median(double[] values) {
    double[] known = Arrays.stream(values).filter(value -> !Double.isNaN(value)).sorted().toArray();
    if (known.length == 0) {
      return Double.NaN;
    }
    int middle = known.length / 2;
    return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
  }
}
