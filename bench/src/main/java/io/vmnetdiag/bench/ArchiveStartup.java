package io.vmnetdiag.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One agent run of the start-up phase (run.sh's "startup" directory): a short capture at one rate, started
 * without or with the agent's class archive (AppCDS). Wall time from launch to armed, CPU before armed, CPU
 * of the window and packets captured; -1 when unknown.
 */
public record ArchiveStartup(boolean withArchive, long targetPps, long launchToArmedMillis, AgentCpu cpu) {

  /** Reads every run directory ("NN-plain", "NN-archive"); never throws on a missing file. */
  public static List<ArchiveStartup> readAll(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> runs = Files.list(directory)) {
      return runs.filter(Files::isDirectory).sorted().map(ArchiveStartup::read).toList();
    }
  }

  static ArchiveStartup read(Path run) {
    KeyValues agent = KeyValues.parse(ProcFiles.read(run.resolve("agent.out").toString()));
    KeyValues step = KeyValues.parse(ProcFiles.read(run.resolve("step.env").toString()));
    return new ArchiveStartup(run.getFileName().toString().endsWith("-archive"), step.number("target_pps"),
        agent.number("armed_after_launch_ms"), AgentCpu.read(run));
  }

  /**
   * CPU per diagnosis paid once, in ms: before armed plus the window's fixed part (window CPU less
   * {@code steadyNanosPerPacket} x packets captured, as {@link StepMeasurement#agentFixedCpuMillis()}).
   */
  public double fixedCpuMillis(double steadyNanosPerPacket) {
    if (Double.isNaN(steadyNanosPerPacket) || cpu.windowNanos() < 0 || cpu.captured() < 0) {
      return Double.NaN;
    }
    return (cpu.windowNanos() - steadyNanosPerPacket * cpu.captured()) / 1e6;
  }

  public double beforeArmedMillis() {
    return cpu.beforeArmedNanos() < 0 ? Double.NaN : cpu.beforeArmedNanos() / 1e6;
  }

  public double launchToArmed() {
    return launchToArmedMillis < 0 ? Double.NaN : launchToArmedMillis;
  }
}
