package io.vmnetdiag.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples, at two instants of a rate step, the receiving interface's rx counter and each capturing program's
 * CPU clock (all threads, ended ones too, ns), for {@link SteadyCpu}. Started before the traffic, it sleeps
 * until each instant, so its own start-up stays out of the span it measures.
 *
 * <p>Usage (inside the receiver's namespace): {@code SteadySampler INTERFACE MID_MILLIS END_MILLIS
 * AGENT_PID TCPDUMP_W_PID TCPDUMP_NN_PID}; instants count from the sampler's start. Prints "key=value" lines.
 */
public final class SteadySampler {
  private SteadySampler() {
  }

  public static void main(String[] args) throws InterruptedException {
    long start = System.nanoTime();
    Path rx = Path.of("/sys/class/net", args[0], "statistics/rx_packets");
    int[] pids = {Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5])};
    sample("mid", start + Long.parseLong(args[1]) * 1_000_000, rx, pids);
    sample("end", start + Long.parseLong(args[2]) * 1_000_000, rx, pids);
  }

  private static void sample(String name, long atNanos, Path rx, int[] pids) throws InterruptedException {
    long wait = atNanos - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
    long agent = CpuClock.processNanos(pids[0]);
    long tcpdumpWrite = CpuClock.processNanos(pids[1]);
    long tcpdumpPrint = CpuClock.processNanos(pids[2]);
    System.out.println("sample." + name + ".rx_packets=" + rxPackets(rx));
    System.out.println("sample." + name + ".agent_cpu_nanos=" + agent);
    System.out.println("sample." + name + ".tcpdump_w_cpu_nanos=" + tcpdumpWrite);
    System.out.println("sample." + name + ".tcpdump_nn_cpu_nanos=" + tcpdumpPrint);
    System.out.flush();
  }

  private static long rxPackets(Path counter) {
    try {
      return Long.parseLong(Files.readString(counter).strip());
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
  }
}
