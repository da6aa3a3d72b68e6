package io.vmnetdiag.lab;

import io.vmnetdiag.lab.kubelet.ContainerCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of {@code vmnetdiag diagnose} in a lab node's network namespace, as the lab kubelet runs the agent. */
record CliRun(int exitCode, String stdout, String stderr) {
  private static final long TIMEOUT_SECONDS = 90;

  /** Runs {@code vmnetdiag diagnose ARGS} inside {@code hostNamespace} with {@code home} as its home directory. */
  static CliRun diagnose(String hostNamespace, Path home, List<String> args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", hostNamespace));
    argv.addAll(ContainerCommands.ofThisJvm().translate(List.of("vmnetdiag", "diagnose"), args));
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().put("HOME", home.toString());
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("vmnetdiag diagnose did not finish in " + TIMEOUT_SECONDS + " s: " + stderr.getNow(""));
    }
    return new CliRun(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
