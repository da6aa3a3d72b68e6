package io.vmnetdiag.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * kstatus' own verdict on an object (sigs.k8s.io/cli-utils status.Compute, what Flux and kpt wait on), from the Go
 * program testkit/kstatus, which testkit/controlplane/build.sh builds beside the control plane.
 */
final class Kstatus {
  static final String BINARY = "testkit/kstatus/bin/kstatus";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** kstatus' status (Current, InProgress, Failed, Terminating...) and message. */
  record Result(String status, String message) {
  }

  private Kstatus() {
  }

  static Result compute(NetworkDiagnosis nd) {
    Path binary = root().resolve(BINARY);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: run testkit/controlplane/build.sh (it builds kstatus too)");
    }
    try {
      Process process = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
      process.getOutputStream().write(JSON.asJson(nd).getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("kstatus failed: " + out);
      }
      JsonNode result = new ObjectMapper().readTree(out);
      return new Result(result.path("status").asText(), result.path("message").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("testkit/kstatus"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no testkit/kstatus above " + Path.of("").toAbsolutePath());
  }
}
