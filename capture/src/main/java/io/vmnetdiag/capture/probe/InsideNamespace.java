package io.vmnetdiag.capture.probe;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work on a fresh thread that has entered another network namespace (setns on that thread only;
 * the rest of the agent stays where it is), for a bridge that lives in a pod's namespace.
 */
final class NetworkNamespace {
  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;

  private interface LibC extends Library {
    int open(String path, int flags);

    int setns(int fd, int nstype);

    int close(int fd);
  }

  private NetworkNamespace() {
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
    LibC libc;
    try {
      libc = Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError e) {
      throw new ProbeFailure("Cannot enter network namespace " + path + ": libc not loadable.");
    }
    int fd = libc.open(path, O_RDONLY);
    if (fd < 0) {
      throw new ProbeFailure("Cannot open network namespace " + path + " (errno " + Native.getLastError() + ").");
    }
    try {
      if (libc.setns(fd, CLONE_NEWNET) != 0) {
        throw new ProbeFailure("Cannot enter network namespace " + path + " (errno " + Native.getLastError() + ").");
      }
    } finally {
      libc.close(fd);
    }
  }
}
