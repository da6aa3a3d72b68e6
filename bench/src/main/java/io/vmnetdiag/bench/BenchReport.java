package io.vmnetdiag.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns the directory run.sh filled into the report: the rate ladder table, the flood and start-up
 * figures, the PASS/FAIL goal lines and the FIGURE lines (reported, never judged), as Markdown on stdout
 * and in a file. Exits 3 when a goal fails; the FIGURE lines do not count.
 *
 * <p>Usage: {@code BenchReport WORK_DIR OUTPUT.md}
 */
public final class BenchReport {
  private BenchReport() {
  }

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    List<StepMeasurement> ladder = ladder(work.resolve("ladder"));
    FootprintMeasurement footprint = FootprintMeasurement.read(work.resolve("footprint"));
    KeyValues run = KeyValues.parse(ProcFiles.read(work.resolve("run.env").toString()));
    List<AgentCpu> agentCpu = agentCpu(work.resolve("ladder"));
    List<Goals.Outcome> outcomes = Goals.judge(ladder, footprint);
    List<Figures.Figure> figures = Figures.of(ladder, agentCpu, ArchiveStartup.readAll(work.resolve("startup/runs")));
    String report = render(run, ladder, agentCpu, footprint, outcomes, figures);
    System.out.print(report);
    if (args.length > 1) {
      Path output = Path.of(args[1]);
      if (output.getParent() != null) {
        Files.createDirectories(output.getParent());
      }
      Files.writeString(output, report);
    }
    System.exit(outcomes.stream().allMatch(Goals.Outcome::passed) ? 0 : 3);
  }

  static List<StepMeasurement> ladder(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> steps = Files.list(directory)) {
      return steps.filter(Files::isDirectory).sorted().map(StepMeasurement::read).toList();
    }
  }

  static List<AgentCpu> agentCpu(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> steps = Files.list(directory)) {
      return steps.filter(Files::isDirectory).sorted().map(AgentCpu::read).toList();
    }
  }

  /** The whole report as Markdown. */
  static String render(KeyValues run, List<StepMeasurement> ladder, List<AgentCpu> agentCpu,
      FootprintMeasurement footprint, List<Goals.Outcome> outcomes, List<Figures.Figure> figures) {
    StringBuilder md = new StringBuilder();
    md.append("# Capture benchmark: latest run\n\n");
    md.append("- When: ").append(run.text("date", "?")).append('\n');
    md.append("- Machine: ").append(run.text("cores", "?")).append(" cores, ").append(run.text("cpu", "?"))
        .append(", kernel ").append(run.text("kernel", "?")).append('\n');
    md.append("- Agent JVM: ").append(run.text("java", "?")).append(", flags `").append(run.text("agent_java_opts", ""))
        .append("`\n");
    md.append("- Capture engine: ").append(run.text("capture_source", "?")).append('\n');
    md.append("- Traffic: 60-byte UDP frames to the \"VM\" from ").append(run.text("trafgen", "trafgen"))
        .append(" over a veth pair, ").append(run.text("step_seconds", "?"))
        .append(" s per rate; agent, `tcpdump -w /dev/null` and `tcpdump -nn >/dev/null` capture the receiving end at once")
        .append(" (same filter, snap length ").append(run.text("snap", "?")).append(", 8 MiB buffer each); ")
        .append(run.text("tcpdump", "tcpdump")).append("\n\n");
    md.append("| rate | offered pps | agent captured % | agent drops | tcpdump -w captured % | tcpdump -w drops"
        + " | tcpdump -nn captured % | tcpdump -nn drops | agent CPU s/Mpkt | tcpdump -w CPU s/Mpkt"
        + " | tcpdump -nn CPU s/Mpkt | agent / tcpdump -w CPU |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StepMeasurement step : ladder) {
      md.append("| ").append(step.label()).append(" | ").append(whole(step.offeredPps()));
      for (ToolMeasurement tool : List.of(step.agent(), step.tcpdumpWrite(), step.tcpdumpPrint())) {
        md.append(" | ").append(decimal(tool.capturedPercent(step.seenPackets()), 2))
            .append(" | ").append(tool.kernelDrops() < 0 ? "?" : String.format(Locale.ROOT, "%,d", tool.kernelDrops()));
      }
      for (ToolMeasurement tool : List.of(step.agent(), step.tcpdumpWrite(), step.tcpdumpPrint())) {
        md.append(" | ").append(decimal(tool.cpuSecondsPerMillion(), 2));
      }
      md.append(" | ").append(decimal(step.cpuRatio(), 2)).append(" |\n");
    }
    md.append("\nCaptured % is of the frames that reached the capturing interface (its rx counter);")
        .append(" CPU is each process's CPU clock (all threads; kernel work done in softirq on the sender's CPU is nobody's), per million packets it captured;")
        .append(" the agent's is counted from the moment its capture was armed.\n\n");
    md.append("Steady state (CPU each program's threads used between two samples taken while the traffic flowed, at the"
        + " middle of the step and half a second before its end, over the frames the interface received in between;"
        + " start-up, JIT warm-up and the capture's end fall outside; ns per packet):\n\n");
    md.append("| rate | packets sampled | agent ns/pkt | tcpdump -w ns/pkt | tcpdump -nn ns/pkt | agent / tcpdump -w |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (StepMeasurement step : ladder) {
      SteadyCpu steady = step.steady();
      md.append("| ").append(step.label())
          .append(" | ").append(steady.packets() < 0 ? "?" : String.format(Locale.ROOT, "%,d", steady.packets()))
          .append(" | ").append(decimal(steady.nanosPerPacket(steady.agentNanos()), 1))
          .append(" | ").append(decimal(steady.nanosPerPacket(steady.tcpdumpWriteNanos()), 1))
          .append(" | ").append(decimal(steady.nanosPerPacket(steady.tcpdumpPrintNanos()), 1))
          .append(" | ").append(decimal(steady.ratio(), 2)).append(" |\n");
    }
    md.append('\n');
    md.append("Where the agent's CPU goes (seconds per million captured packets; window = armed to end, split by"
        + " thread: JIT compiler threads, the VM thread (safepoints and Serial GC), the rest = the capture loop and"
        + " everything else; process = all CPU from JVM start, start-up included):\n\n");
    md.append("| rate | window | JIT | VM thread | rest | rest / tcpdump -w | process |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < ladder.size(); i++) {
      AgentCpu cpu = agentCpu.get(i);
      double rest = cpu.perMillion(cpu.restNanos());
      double reference = ladder.get(i).tcpdumpWrite().cpuSecondsPerMillion();
      md.append("| ").append(ladder.get(i).label())
          .append(" | ").append(decimal(cpu.perMillion(cpu.windowNanos()), 2))
          .append(" | ").append(decimal(cpu.perMillion(cpu.jitNanos()), 2))
          .append(" | ").append(decimal(cpu.perMillion(cpu.vmNanos()), 2))
          .append(" | ").append(decimal(rest, 2))
          .append(" | ").append(reference > 0 ? decimal(rest / reference, 2) : "?")
          .append(" | ").append(decimal(cpu.perMillion(cpu.processNanos()), 2)).append(" |\n");
    }
    md.append('\n');
    md.append(String.format(Locale.ROOT, "Flood: %,d packets offered at %s pps; the agent (alone) captured %,d,"
            + " kernel drops %,d; peak RSS (VmHWM) %.1f MiB with a %d MiB heap cap.%n%n",
        footprint.offeredPackets(), whole(footprint.offeredPps()), footprint.captured(), footprint.kernelDrops(),
        footprint.peakRssMib(), footprint.maxHeapMib()));
    md.append("Start-up (process start to capture armed, ms): ");
    ladder.forEach(step -> md.append(step.agentStartupMillis()).append(", "));
    md.append(footprint.startupMillis()).append(" (the last one is the flood run).\n\n");
    md.append("## Goals\n\n```\n");
    outcomes.forEach(outcome -> md.append(outcome).append('\n'));
    md.append("```\n\n");
    md.append("## Figures\n\nReported, not judged: they do not change the exit status.\n\n```\n");
    figures.forEach(figure -> md.append(figure).append('\n'));
    md.append("```\n");
    return md.toString();
  }

  private static String whole(double value) {
    return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String decimal(double value, int places) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "?" : String.format(Locale.ROOT, "%." + places + "f", value);
  }
}
