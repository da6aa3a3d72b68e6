package io.vmnetdiag.capture.probe;

import io.vmnetdiag.capture.pcap.CaptureFailure;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work on a fresh thread that has entered another network namespace (setns on that thread only;
 * the rest of the agent stays where it is), for a bridge that lives in a pod's namespace.
 */
final class InsideNamespace {
  private InsideNamespace() {
  }

  /** The work's result; a ProbeFailure when the namespace cannot be entered or the work overruns {@code timeout}. */
  static <T> T callInside(String path, Duration timeout, Callable<T> work) throws ProbeFailure, InterruptedException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        enter(path);
        result.set(work.call());
      } catch (Exception e) {
        failure.set(e);
      }
    }, "probe-netns");
    thread.setDaemon(true);
    thread.start();
    thread.join(Math.max(1, timeout.toMillis()));
    if (thread.isAlive()) {
      thread.interrupt();
      throw new ProbeFailure("Probing inside network namespace " + path + " did not finish in time.");
    }
    Exception e = failure.get();
    if (e instanceof ProbeFailure probeFailure) {
      throw probeFailure;
    }
    if (e != null) {
      throw new ProbeFailure("Probing inside network namespace " + path + " failed: " + e.getMessage());
    }
    return result.get();
  }

  private static void enter(String path) throws ProbeFailure {
    try {
      io.vmnetdiag.capture.pcap.NetworkNamespace.enter(path);
    } catch (CaptureFailure e) {
      throw new ProbeFailure(e.getMessage());
    }
  }
}
