package io.vmnetdiag.operator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own process, started through {@link OperatorMain} with the environment the chart sets, so
 * start-up settings (log format, health and metrics port) are what is tested; its output lines are kept.
 */
final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private OperatorProcess(Process process) {
    this.process = process;
    drain(process.getInputStream(), stdout);
    drain(process.getErrorStream(), stderr);
  }

  /** Starts OperatorMain on this JVM's class path against the cluster of {@code kubeconfig}. */
  static OperatorProcess start(Path kubeconfig, Map<String, String> env) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        OperatorMain.class.getName());
    builder.environment().keySet().removeIf(k -> k.startsWith("VMNETDIAG_"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().putAll(env);
    try {
      return new OperatorProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port nobody listens on now, for the process to bind. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the process answers 200 on /readyz at {@code port}: started, informers healthy. */
  boolean ready(int port) throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException("the operator process ended: " + stderr);
    }
    HttpResponse<Void> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
        HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200;
  }

  List<String> stdout() {
    return stdout;
  }

  List<String> stderr() {
    return stderr;
  }

  /** Waits for the process to end by itself; its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the operator process did not end within " + seconds + " s");
    }
    return process.exitValue();
  }

  private static void drain(java.io.InputStream stream, List<String> lines) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "operator-process-output");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the process as the kubelet would (SIGTERM, then SIGKILL). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
