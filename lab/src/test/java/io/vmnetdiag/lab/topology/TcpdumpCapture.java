package io.vmnetdiag.lab.topology;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs tcpdump on one device inside a namespace for a fixed window; the test's independent eye on the wire. */
final class TcpdumpCapture implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final CountDownLatch listening = new CountDownLatch(1);
  private final Thread stdoutReader;

  private TcpdumpCapture(Process process) {
    this.process = process;
    this.stdoutReader = pump(process, true);
    pump(process, false);
  }

  /** Starts {@code tcpdump -tt -nn -e -l -i DEVICE} in NAMESPACE, ending by itself after window, and waits until it listens. */
  static TcpdumpCapture start(String namespace, String device, Duration window) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("ip", "netns", "exec", namespace, "timeout", String.valueOf(window.toSeconds()),
        "tcpdump", "-tt", "-nn", "-e", "-l", "-i", device).start();
    process.getOutputStream().close();
    TcpdumpCapture capture = new TcpdumpCapture(process);
    if (!capture.listening.await(10, TimeUnit.SECONDS)) {
      capture.close();
      throw new IllegalStateException("tcpdump did not start on " + namespace + "/" + device + ": " + capture.stderr());
    }
    return capture;
  }

  /** Waits for the window to end and returns every line tcpdump printed. */
  List<TcpdumpLine> awaitLines() throws InterruptedException {
    process.waitFor(60, TimeUnit.SECONDS);
    stdoutReader.join(5_000);
    synchronized (lines) {
      return lines.stream().map(TcpdumpLine::parse).toList();
    }
  }

  String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
  }

  private Thread pump(Process p, boolean out) {
    Thread t = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          out ? p.getInputStream() : p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          if (out) {
            synchronized (lines) {
              lines.add(line);
            }
          } else {
            synchronized (stderr) {
              stderr.append(line).append('\n');
            }
            if (line.startsWith("listening on")) {
              listening.countDown();
            }
          }
        }
      } catch (IOException ignored) {
        // the process ended; what was read is kept
      }
    }, "tcpdump-" + (out ? "out" : "err"));
    t.setDaemon(true);
    t.start();
    return t;
  }
}
