package io.vmnetdiag.bench;

/** What one capturing program did during one rate step: packets it got, kernel drops, CPU it used. */
public record ToolMeasurement(String name, long captured, long kernelDrops, double cpuSeconds) {

  /** Captured packets as a share of those that reached the interface; NaN when unknown. */
  public double capturedPercent(long seenPackets) {
    return captured < 0 || seenPackets <= 0 ? Double.NaN : 100.0 * captured / seenPackets;
  }

  /** CPU seconds per million captured packets; NaN when unknown. */
  public double cpuSecondsPerMillion() {
    return captured <= 0 || cpuSeconds < 0 ? Double.NaN : cpuSeconds / (captured / 1e6);
  }

  /** Whether all the figures were reported (the program stopped cleanly). */
  public boolean complete() {
    return captured >= 0 && kernelDrops >= 0 && cpuSeconds >= 0;
  }
}
