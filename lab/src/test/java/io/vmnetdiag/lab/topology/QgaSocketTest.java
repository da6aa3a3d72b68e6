package io.vmnetdiag.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's QGA client against a scripted agent on a unix socket: sync past leftovers, exec, errors, timeouts. */
class QgaSocketTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path dir;
  private Path socket;
  private ServerSocketChannel server;

  @BeforeEach
  void listen() throws IOException {
    socket = dir.resolve("qga.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void syncSkipsLeftoversAndAWrongIdThenGuestExecRunsToItsExit() throws Exception {
    CompletableFuture<Void> agent = agent((request, out) -> {
      String execute = request.path("execute").asText();
      return switch (execute) {
        // a previous client's answer, the parser's complaint about the 0xFF, a stale sync, then ours
        case "guest-sync-delimited" -> "{\"return\": {\"pid\": 9}}\n{\"error\": {\"desc\": \"stray\"}}\n\u00ff"
            + "{\"return\": 1}\n\u00ff{\"return\": " + request.path("arguments").path("id").asLong() + "}\n";
        case "guest-exec" -> request.path("arguments").path("arg").get(1).asText().equals("echo hi")
            ? "{\"return\": {\"pid\": 5}}\n" : "{\"error\": {\"desc\": \"unexpected\"}}\n";
        case "guest-exec-status" -> out[0]++ == 0 ? "{\"return\": {\"exited\": false}}\n"
            : "{\"return\": {\"exited\": true, \"exitcode\": 3, \"out-data\": \""
                + Base64.getEncoder().encodeToString("hi\n".getBytes(StandardCharsets.UTF_8)) + "\"}}\n";
        default -> "{\"error\": {\"desc\": \"unknown\"}}\n";
      };
    });

    try (QgaSocket qga = QgaSocket.open(socket, Duration.ofSeconds(5))) {
      GuestCommand done = GuestShell.exec(qga, "echo hi", Duration.ofSeconds(5));
      assertThat(done).isEqualTo(new GuestCommand(3, "hi\n", ""));
    }
    agent.join();
  }

  @Test
  void anAgentErrorIsAnIoExceptionNamingTheCommand() throws Exception {
    agent((request, out) -> request.path("execute").asText().equals("guest-sync-delimited")
        ? "\u00ff{\"return\": " + request.path("arguments").path("id").asLong() + "}\n"
        : "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Guest agent command failed\"}}\n");

    try (QgaSocket qga = QgaSocket.open(socket, Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> GuestShell.exec(qga, "true", Duration.ofSeconds(5))).isInstanceOf(IOException.class)
          .hasMessageContaining("refused guest-exec").hasMessageContaining("Guest agent command failed");
    }
  }

  @Test
  void aSilentAgentTimesOutInsteadOfHanging() {
    agent((request, out) -> "");

    long start = System.nanoTime();
    assertThatThrownBy(() -> QgaSocket.open(socket, Duration.ofMillis(300))).isInstanceOf(IOException.class)
        .hasMessageContaining("took more than 300 ms to synchronise");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  /**
   * Serves one client: each request (a 0xFF before it skipped) gets {@code answer}'s text; {@code out[0]} is a counter
   * the answer may keep.
   */
  private CompletableFuture<Void> agent(BiFunction<JsonNode, int[], String> answer) {
    return CompletableFuture.runAsync(() -> {
      try (SocketChannel client = server.accept()) {
        InputStream in = Channels.newInputStream(client);
        OutputStream out = Channels.newOutputStream(client);
        int[] counter = {0};
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
          if (b == 0xFF) {
            continue;
          }
          if (b != '\n') {
            line.write(b);
            continue;
          }
          String reply = answer.apply(JSON.readTree(line.toByteArray()), counter);
          line.reset();
          out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
      } catch (IOException e) {
        // the client went away
      }
    });
  }
}
