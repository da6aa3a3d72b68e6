package io.vmnetdiag.bench;

import java.nio.file.Path;

/** The flood run: the agent alone capturing millions of packets at full rate, and its peak memory. */
public record FootprintMeasurement(long offeredPackets, double seconds, long captured, long kernelDrops,
    long peakRssKib, long maxHeapMib, long startupMillis) {

  /** Reads the flood directory (step.env and agent.out); missing figures become -1. */
  public static FootprintMeasurement read(Path directory) {
    KeyValues step = KeyValues.parse(ProcFiles.read(directory.resolve("step.env").toString()));
    KeyValues agent = KeyValues.parse(ProcFiles.read(directory.resolve("agent.out").toString()));
    return new FootprintMeasurement(step.number("offered_packets"), step.decimal("seconds"), agent.number("captured"),
        agent.number("kernel_dropped"), agent.number("peak_rss_kib"), agent.number("max_heap_mib"),
        agent.number("armed_after_process_start_ms"));
  }

  /** Packets per second offered during the flood; NaN when unknown. */
  public double offeredPps() {
    return offeredPackets < 0 || seconds <= 0 ? Double.NaN : offeredPackets / seconds;
  }

  /** Peak resident memory in MiB; negative when unknown. */
  public double peakRssMib() {
    return peakRssKib < 0 ? -1 : peakRssKib / 1024.0;
  }
}
