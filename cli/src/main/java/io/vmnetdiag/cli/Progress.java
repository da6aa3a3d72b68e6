package io.vmnetdiag.cli;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.CaptureWindow;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Per-hop counts while the window runs, on stderr: plain lines (one every {@link #EVERY} when the counts moved),
 * never redrawn in place, so a terminal, a pipe and a CI log all read the same and stdout stays the result alone.
 */
final class Progress implements Consumer<CaptureWindow>, AutoCloseable {
  static final Duration EVERY = Duration.ofMillis(500);

  private final PrintStream err;
  private volatile Thread watcher;

  Progress(PrintStream err) {
    this.err = err;
  }

  /** The agent's hook: called once every hop is armed, it must return at once, so it starts a watcher. */
  @Override
  public void accept(CaptureWindow window) {
    List<HopObservation> hops = window.liveSnapshots();
    err.println("vmnetdiag: capturing " + hops.stream()
        .map(h -> role(h) + " " + h.getInterfaceName()).collect(Collectors.joining(", "))
        + " until " + Math.max(0, Duration.between(window.start(), window.end()).toSeconds()) + " s");
    Thread thread = new Thread(() -> watch(window), "cli-progress");
    thread.setDaemon(true);
    watcher = thread;
    thread.start();
  }

  private void watch(CaptureWindow window) {
    String last = "";
    try {
      while (!window.ended()) {
        Thread.sleep(EVERY.toMillis());
        String line = line(window.liveSnapshots());
        if (!line.equals(last) && !window.ended()) {
          long ms = Duration.between(window.start(), Instant.now()).toMillis();
          err.println(String.format(Locale.ROOT, "vmnetdiag: %5.1f s  ", ms / 1000.0) + line);
          last = line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** "uplink to VM 17 from VM 3 | bridge ...". */
  static String line(List<HopObservation> hops) {
    return hops.stream().map(h -> role(h) + " to VM " + h.getToVm().total() + " from VM " + h.getFromVm().total())
        .collect(Collectors.joining(" | "));
  }

  private static String role(HopObservation hop) {
    return HopRole.word(hop.getRole());
  }

  /** Stops the watcher before the result is printed, so no progress line lands after it. */
  @Override
  public void close() {
    Thread thread = watcher;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
