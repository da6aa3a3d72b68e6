package io.vmnetdiag.bench;

import io.vmnetdiag.api.v1alpha1.CaptureStats;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.CaptureSession;
import io.vmnetdiag.capture.CaptureSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's side of the benchmark: captures one interface with the real {@link CaptureSession}
 * (filter, classification, recorder, as the node agent runs it) and prints "key=value" lines: when
 * the capture was armed, what it counted, the kernel's statistics, its own CPU time and peak memory.
 *
 * <p>Usage: {@code --interface IF --vm-mac MAC --vm-ip IP --seconds N [--snap 96] [--launched-at-nanos T]},
 * or {@code --print-filter --vm-mac MAC --vm-ip IP} to print the libpcap filter the capture uses.
 */
public final class CaptureBenchMain {
  /** As the node agent keeps them: samples cost a little per packet, so the bench pays it too. */
  private static final int SAMPLE_LINES = 10;

  private CaptureBenchMain() {
  }

  public static void main(String[] args) {
    Map<String, String> options = options(args);
    PrintStream out = System.out;
    String mac = options.get("vm-mac");
    String ip = options.get("vm-ip");
    if (options.containsKey("print-filter")) {
      out.println(new CaptureSettings(mac, ip, Duration.ofSeconds(1), 96, List.of(), List.of(), 0).bpfFilter());
      return;
    }
    String interfaceName = options.get("interface");
    Duration window = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
    int snapLength = Integer.parseInt(options.getOrDefault("snap", "96"));
    long launchedAtNanos = Long.parseLong(options.getOrDefault("launched-at-nanos", "-1"));

    CaptureSettings settings = new CaptureSettings(mac, ip, window, snapLength, List.of(), List.of(), SAMPLE_LINES);
    long[] armedCpuNanos = {-1};
    ThreadCpu[] armedThreads = {null};
    ThreadCpu[] toWindowEnd = {null};
    List<HopObservation> observations = new CaptureSession(settings).run(List.of(new Hop(HopRole.Tap, interfaceName)),
        armedWindow -> {
          // Called once the handle is open, filtered and looping: the moment the capture is armed.
          long armedEpochNanos = epochNanos();
          long age = ProcFiles.selfAgeMillis();
          armedCpuNanos[0] = CpuClock.selfNanos();
          armedThreads[0] = ThreadCpu.self();
          out.println("armed_after_process_start_ms=" + age);
          out.println("armed_after_launch_ms=" + (launchedAtNanos < 0 ? -1 : (armedEpochNanos - launchedAtNanos) / 1_000_000));
          out.println("armed=true");
          out.flush();
          snapshotAtWindowEnd(armedWindow.end(), armedThreads[0], toWindowEnd);
        });
    long endCpuNanos = CpuClock.selfNanos();
    ThreadCpu windowThreads = armedThreads[0] == null ? null : ThreadCpu.self().since(armedThreads[0]);
    String status = ProcFiles.read("/proc/self/status");
    HopObservation observation = observations.get(0);
    CaptureStats stats = observation.getCapture() == null ? new CaptureStats() : observation.getCapture();
    long related = (observation.getToVm() == null ? 0 : observation.getToVm().total())
        + (observation.getFromVm() == null ? 0 : observation.getFromVm().total());
    out.println("filter=" + settings.bpfFilter());
    out.println("captured=" + stats.getCaptured());
    out.println("related=" + related);
    out.println("kernel_received=" + stats.getReceived());
    out.println("kernel_dropped=" + stats.getDroppedByKernel());
    out.println("interface_dropped=" + stats.getDroppedByInterface());
    out.println("cpu_nanos_window=" + (armedCpuNanos[0] < 0 || endCpuNanos < 0 ? -1 : endCpuNanos - armedCpuNanos[0]));
    out.println("cpu_nanos_total=" + endCpuNanos);
    // Where the window's CPU went: JIT compiler threads, the VM thread (safepoints, Serial GC), the rest
    // (the capture loop, which has ended by now, and every other thread) is the window total minus these.
    out.println("cpu_nanos_window_jit=" + (windowThreads == null ? -1 : windowThreads.nanosOf("jit")));
    out.println("cpu_nanos_window_vm=" + (windowThreads == null ? -1 : windowThreads.nanosOf("vm")));
    // Per thread from armed to just after the window's end, while the capture thread still lives.
    ThreadCpu late = toWindowEnd[0];
    if (late != null) {
      late.byName().forEach((name, nanos) -> {
        if (nanos >= 1_000_000) {
          out.println("thread_cpu_ms_to_window_end." + name.replace(' ', '_') + "=" + nanos / 1_000_000);
        }
      });
    }
    out.println("peak_rss_kib=" + ProcFiles.statusKib(status, "VmHWM"));
    out.println("rss_kib=" + ProcFiles.statusKib(status, "VmRSS"));
    out.println("max_heap_mib=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    out.println("failure=" + (observation.getFailure() == null ? "" : observation.getFailure().replace('\n', ' ')));
    out.println("done=true");
    out.flush();
  }

  /**
   * Snapshots every thread's CPU 150 ms after the window's end: the capture loop stops only after a
   * 300 ms drain grace, so its thread is still there to be read.
   */
  private static void snapshotAtWindowEnd(java.time.Instant end, ThreadCpu armed, ThreadCpu[] into) {
    Thread snapshot = new Thread(() -> {
      try {
        Thread.sleep(Math.max(0, Duration.between(java.time.Instant.now(), end).toMillis() + 150));
        into[0] = ThreadCpu.self().since(armed);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-snapshot");
    snapshot.setDaemon(true);
    snapshot.start();
  }

  private static long epochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument " + args[i]);
      }
      String name = args[i].substring(2);
      boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
      options.put(name, hasValue ? args[++i] : "true");
    }
    return options;
  }
}
