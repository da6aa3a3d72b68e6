package io.vmnetdiag.lab.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Finds the repository's {@code lab/scripts} directory and runs the bash scripts in it. */
public final class LabScripts {
  /** System property that names the scripts directory explicitly. */
  public static final String DIRECTORY_PROPERTY = "vmnetdiag.lab.scripts";
  static final String MARKER = "lab-up.sh";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path directory;

  public LabScripts(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The property's directory if set, else the first {@code lab/scripts} found walking up from the working dir. */
  public static LabScripts locate() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path dir = Paths.get(configured);
      if (!Files.isRegularFile(dir.resolve(MARKER))) {
        throw new IllegalStateException(DIRECTORY_PROPERTY + "=" + configured + " holds no " + MARKER);
      }
      return new LabScripts(dir);
    }
    Path workingDir = Paths.get("").toAbsolutePath();
    return findUpwards(workingDir)
        .map(LabScripts::new)
        .orElseThrow(() -> new IllegalStateException(
            "no lab/scripts/" + MARKER + " above " + workingDir + "; set -D" + DIRECTORY_PROPERTY));
  }

  /** Walks up from start; from the lab module's own dir this finds the scripts one level up, at the repo root. */
  static Optional<Path> findUpwards(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("lab").resolve("scripts");
      if (Files.isRegularFile(candidate.resolve(MARKER))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public Path directory() { return directory; }

  /** Runs {@code bash SCRIPT ARGS...}; returns its stdout, or throws with its stderr when it exits non-zero. */
  public String run(String script, List<String> args, Map<String, String> environment) {
    return run(script, args, environment, TIMEOUT);
  }

  /** As {@link #run(String, List, Map)}, killing the script after {@code timeout} (booting a VM takes longer). */
  public String run(String script, List<String> args, Map<String, String> environment, Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(directory.resolve(script).toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new LabScriptException(script, "could not start: " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close();
      // Both pipes are drained at once: a script that fills one while we block on the other would hang.
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new LabScriptException(script, "timed out after " + timeout.toSeconds() + " s", null);
      }
      int exit = process.exitValue();
      String err = stderr.join();
      if (exit != 0) {
        throw new LabScriptException(script + " " + String.join(" ", args), exit, err);
      }
      return stdout.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new LabScriptException(script, "interrupted", e);
    } catch (IOException e) {
      throw new LabScriptException(script, e.getMessage(), e);
    }
  }

  public String run(String script, String... args) {
    return run(script, List.of(args), Map.of());
  }

  // A thread per pipe, not the common pool: with one pool thread the two reads would run in turn and a
  // script filling stderr while stdout is still open would block.
  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (stream) {
        text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        text.completeExceptionally(new UncheckedIOException(e));
      }
    }, "lab-script-pipe");
    reader.setDaemon(true);
    reader.start();
    return text;
  }
}
