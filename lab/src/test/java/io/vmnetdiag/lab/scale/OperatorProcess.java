package io.vmnetdiag.lab.scale;

import io.vmnetdiag.operator.OperatorMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator in a JVM of its own, as the chart runs it ({@link OperatorMain}, settings from the environment,
 * the kubeconfig's admin), with a fixed heap cap and a GC log, so its heap, GC and CPU are its own. Its API client
 * carries its own user agent, which tells its requests apart in the audit log; its reconciles are counted from
 * JOSDK's debug lines (the operator has no metrics of its own yet).
 */
final class OperatorProcess implements AutoCloseable {
  /** The operator's HTTP user agent; the audit log's {@code userAgent} starts with it. */
  static final String USER_AGENT = "vmnetdiag-scale-bench-operator";
  /** JOSDK logs this once per event it dispatches: a reconcile, a cleanup, or adding the finalizer first. */
  static final String DISPATCH_LINE = "Handling dispatch for resource name:";
  /** JOSDK logs this just before it calls the reconciler's reconcile(). */
  static final String RECONCILE_LINE = "Reconciling resource ";
  private static final String DISPATCHER_LOGGER = "io.javaoperatorsdk.operator.processing.event.ReconciliationDispatcher";
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final Process process;
  private final Path log;
  private final Path gcLog;
  private final int healthPort;

  private OperatorProcess(Process process, Path log, Path gcLog, int healthPort) {
    this.process = process;
    this.log = log;
    this.gcLog = gcLog;
    this.healthPort = healthPort;
  }

  /**
   * @param jvmOptions the heap cap and GC, as the chart's container would run it
   * @param env the operator's settings (VMNETDIAG_*), beside the kubeconfig and health port this sets
   */
  static OperatorProcess start(Path kubeconfig, List<String> jvmOptions, Map<String, String> env, Path dir) {
    int port = freePort();
    Path log = dir.resolve("operator.log");
    Path gcLog = dir.resolve("operator-gc.log");
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(jvmOptions);
    argv.add("-Xlog:gc:file=" + gcLog);
    argv.add("-Dkubernetes.user.agent=" + USER_AGENT);
    // The operator logs through Log4j 2: its own log4j2.xml, with JOSDK's dispatcher at debug merged on top.
    argv.add("-Dlog4j2.configurationFile=classpath:log4j2.xml," + dispatcherAtDebug(dir));
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(OperatorMain.class.getName());
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("VMNETDIAG_HEALTH_PORT", String.valueOf(port));
    try {
      return new OperatorProcess(builder.start(), log, gcLog, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path dispatcherAtDebug(Path dir) {
    Path config = dir.resolve("log4j2-dispatcher-debug.xml");
    try {
      Files.writeString(config, "<Configuration><Loggers><Logger name=\"" + DISPATCHER_LOGGER
          + "\" level=\"debug\"/></Loggers></Configuration>\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return config;
  }

  /** Waits until /readyz answers 200 (the controller started and its informers synced). */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + healthPort + "/readyz")
            .toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(1000);
        if (connection.getResponseCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the operator was not ready within " + timeout.toSeconds() + " s; see " + log);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The process's CPU time so far (user + system), in seconds, from /proc. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
    // Fields after the command's closing parenthesis: state is field 3, utime 14 and stime 15.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / (double) CLOCK_TICKS_PER_SECOND;
  }

  /** Lines of the operator's log so far that contain {@code text}. */
  long logLines(String text) throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(text)).count();
    }
  }

  /** Asks for a full collection (jcmd GC.run), whose GC log line gives the live set. */
  boolean collectFully() throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(process.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    boolean ok = jcmd.waitFor(30, TimeUnit.SECONDS) && jcmd.exitValue() == 0;
    Thread.sleep(500); // the GC log line is written as the collection ends
    return ok;
  }

  Path gcLog() {
    return gcLog;
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
