package io.vmnetdiag.lab.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Shell commands in a lab guest through qemu-guest-agent: {@code guest-exec} of {@code /bin/sh -c COMMAND}, then
 * {@code guest-exec-status} until it exits. The same on any {@link GuestAgentChannel}, so a fault inside the guest
 * is made the same way whether libvirt or the lab's own socket reaches the agent.
 */
final class GuestShell {
  private static final Duration POLL = Duration.ofMillis(50);

  private GuestShell() {}

  /** Runs {@code shellCommand} in the guest; throws when it has not exited after {@code timeout}. */
  static GuestCommand exec(GuestAgentChannel agent, String shellCommand, Duration timeout)
      throws IOException, InterruptedException {
    long pid = agent.call("guest-exec", Map.of("path", "/bin/sh", "arg", List.of("-c", shellCommand),
        "capture-output", true)).path("pid").asLong(-1);
    if (pid < 0) {
      throw new IOException("guest-exec gave no pid for: " + shellCommand);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode status = agent.call("guest-exec-status", Map.of("pid", pid));
      if (status.path("exited").asBoolean(false)) {
        return new GuestCommand(status.path("exitcode").asInt(-1), decode(status.path("out-data")),
            decode(status.path("err-data")));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("guest command still running after " + timeout.toMillis() + " ms: " + shellCommand);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static String decode(JsonNode base64) {
    return base64.isMissingNode() || base64.isNull() ? ""
        : new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
  }
}
