package io.vmnetdiag.bench;

import java.nio.file.Path;

/**
 * CPU per packet in the steady state of one rate step: what each program's threads spent on a CPU
 * between two samples taken while the traffic flowed (the middle of the step and just before its end),
 * over the frames the interface received between them. Start-up, JIT warm-up and the end of the capture
 * fall outside, so this is the marginal cost of one more packet; all three programs are sampled at the
 * same instants. From steady.env; figures are nanoseconds or packets, -1 when unknown.
 */
public record SteadyCpu(long packets, long agentNanos, long tcpdumpWriteNanos, long tcpdumpPrintNanos) {
  static final SteadyCpu UNKNOWN = new SteadyCpu(-1, -1, -1, -1);

  /** Reads steady.env in a step directory (two "sample.mid.*" and "sample.end.*" sets); never throws. */
  public static SteadyCpu read(Path directory) {
    KeyValues lines = KeyValues.parse(ProcFiles.read(directory.resolve("steady.env").toString()));
    return new SteadyCpu(delta(lines, "rx_packets"), delta(lines, "agent_cpu_nanos"),
        delta(lines, "tcpdump_w_cpu_nanos"), delta(lines, "tcpdump_nn_cpu_nanos"));
  }

  private static long delta(KeyValues lines, String key) {
    long mid = lines.number("sample.mid." + key);
    long end = lines.number("sample.end." + key);
    return mid < 0 || end < mid ? -1 : end - mid;
  }

  /** Nanoseconds of CPU per packet received; NaN when unknown. */
  public double nanosPerPacket(long nanos) {
    return nanos < 0 || packets <= 0 ? Double.NaN : (double) nanos / packets;
  }

  /** Agent CPU over tcpdump -w CPU in the same span; NaN when either is unknown or zero. */
  public double ratio() {
    return agentNanos < 0 || tcpdumpWriteNanos <= 0 || packets <= 0 ? Double.NaN : (double) agentNanos / tcpdumpWriteNanos;
  }
}
