package io.vmnetdiag.bench;

import java.nio.file.Path;

/**
 * One rung of the rate ladder as run.sh left it in a directory: step.env (offered rate and packet
 * counters, tcpdump CPU nanoseconds), agent.out (the bench main's lines), each tcpdump's stderr and
 * steady.env (CPU and packets sampled mid-step, {@link SteadyCpu}).
 */
public record StepMeasurement(String label, long targetPps, double seconds, long offeredPackets, long seenPackets,
    ToolMeasurement agent, ToolMeasurement tcpdumpWrite, ToolMeasurement tcpdumpPrint, long agentStartupMillis,
    SteadyCpu steady) {

  /** Reads a step directory; missing files or lines become -1 figures, never an exception. */
  public static StepMeasurement read(Path directory) {
    KeyValues step = KeyValues.parse(ProcFiles.read(directory.resolve("step.env").toString()));
    KeyValues agentLines = KeyValues.parse(ProcFiles.read(directory.resolve("agent.out").toString()));
    ToolMeasurement agent = new ToolMeasurement("agent", agentLines.number("captured"),
        agentLines.number("kernel_dropped"), seconds(agentLines.number("cpu_nanos_window")));
    return new StepMeasurement(step.text("label", directory.getFileName().toString()), step.number("target_pps"),
        step.decimal("seconds"), step.number("offered_packets"), step.number("seen_packets"), agent,
        tcpdump("tcpdump -w", directory.resolve("tcpdump-w.err"), step.number("tcpdump_w_cpu_nanos")),
        tcpdump("tcpdump -nn", directory.resolve("tcpdump-nn.err"), step.number("tcpdump_nn_cpu_nanos")),
        agentLines.number("armed_after_process_start_ms"), SteadyCpu.read(directory));
  }

  /** Packets per second the generator put on the wire; NaN when unknown. */
  public double offeredPps() {
    return offeredPackets < 0 || seconds <= 0 ? Double.NaN : offeredPackets / seconds;
  }

  /** Agent CPU per packet over tcpdump -w CPU per packet, whole capture; NaN when either is unknown or zero. */
  public double cpuRatio() {
    double reference = tcpdumpWrite.cpuSecondsPerMillion();
    double ratio = agent.cpuSecondsPerMillion() / reference;
    return reference > 0 ? ratio : Double.NaN;
  }

  /**
   * The agent's fixed CPU per capture, in ms: its whole-capture CPU (armed to end) less what its packets
   * cost at the steady-state rate (steady ns per packet x packets it captured). What is left is the cost
   * paid once per diagnosis however few packets come: JIT compilation, class loading and set-up inside
   * the window, plus the CPU of its quiet seconds before and after the traffic. Only measured figures go
   * in; NaN when one of them is unknown. Noise can make it negative at high rates, where the packets'
   * share is large.
   */
  public double agentFixedCpuMillis() {
    double perPacket = steady.nanosPerPacket(steady.agentNanos());
    if (Double.isNaN(perPacket) || agent.captured() < 0 || agent.cpuSeconds() < 0) {
      return Double.NaN;
    }
    return (agent.cpuSeconds() * 1e9 - perPacket * agent.captured()) / 1e6;
  }

  private static ToolMeasurement tcpdump(String name, Path stderr, long cpuNanos) {
    TcpdumpSummary summary = TcpdumpSummary.parse(ProcFiles.read(stderr.toString()));
    return new ToolMeasurement(name, summary.captured(), summary.droppedByKernel(), seconds(cpuNanos));
  }

  private static double seconds(long nanos) {
    return nanos < 0 ? -1 : nanos / 1e9;
  }
}
