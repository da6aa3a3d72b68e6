package io.vmnetdiag.bench;

import java.nio.file.Path;

/**
 * Where one agent run's CPU went (from its agent.out): the window (armed to end) split into JIT compiler
 * threads, the VM thread (safepoints and Serial GC) and the rest (the capture loop and all else), next to
 * the whole process's CPU from its start. Figures are nanoseconds; -1 when unknown.
 */
public record AgentCpu(long captured, long windowNanos, long jitNanos, long vmNanos, long processNanos) {

  /** Reads agent.out in a step directory; never throws. */
  public static AgentCpu read(Path directory) {
    KeyValues lines = KeyValues.parse(ProcFiles.read(directory.resolve("agent.out").toString()));
    return new AgentCpu(lines.number("captured"), lines.number("cpu_nanos_window"), lines.number("cpu_nanos_window_jit"),
        lines.number("cpu_nanos_window_vm"), lines.number("cpu_nanos_total"));
  }

  /** Window CPU less JIT and VM thread: the capture loop's share (plus small change from other threads). */
  public long restNanos() {
    return windowNanos < 0 || jitNanos < 0 || vmNanos < 0 ? -1 : windowNanos - jitNanos - vmNanos;
  }

  /**
   * CPU the process used before its capture was armed (JVM start-up, class loading, the session's set-up):
   * the whole process's CPU less the window's, both read at the same instant; -1 when unknown.
   */
  public long beforeArmedNanos() {
    return processNanos < 0 || windowNanos < 0 || processNanos < windowNanos ? -1 : processNanos - windowNanos;
  }

  /** {@code nanos} per million captured packets, in seconds; NaN when unknown. */
  public double perMillion(long nanos) {
    return nanos < 0 || captured <= 0 ? Double.NaN : nanos / 1e9 / (captured / 1e6);
  }
}
