package io.vmnetdiag.lab.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A lab-side client of qemu-guest-agent on the unix socket qemu backs the guest's {@code org.qemu.guest_agent.0}
 * port with (the KubeVirt lab's qemu guest; libvirt does this for its own domains). The protocol is QMP's JSON, one
 * object a line: on connect {@code guest-sync-delimited} with a fresh id, after a 0xFF byte that resets the agent's
 * parser, then everything up to the agent's own 0xFF is discarded (a previous client's leftovers, the parser's
 * complaint about the 0xFF) until the reply carries that id. One connection at a time: qemu serves one client.
 */
final class QgaSocket implements GuestAgentChannel, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte DELIMITER = (byte) 0xFF;

  private final Path path;
  private final Duration timeout;
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

  private QgaSocket(Path path, Duration timeout, SocketChannel channel, Selector selector) {
    this.path = path;
    this.timeout = timeout;
    this.channel = channel;
    this.selector = selector;
    this.key = channel.keyFor(selector);
    in.flip();
  }

  /** Connects to the agent at {@code path} and synchronises with it; every read waits at most {@code timeout}. */
  static QgaSocket open(Path path, Duration timeout) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    Selector selector = null;
    try {
      channel.connect(UnixDomainSocketAddress.of(path));
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
      QgaSocket socket = new QgaSocket(path, timeout, channel, selector);
      socket.synchronise();
      return socket;
    } catch (IOException | RuntimeException e) {
      if (selector != null) {
        selector.close();
      }
      channel.close();
      throw e;
    }
  }

  private void synchronise() throws IOException {
    long id = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
    write(new byte[] {DELIMITER});
    send("guest-sync-delimited", Map.of("id", id));
    long deadline = deadline();
    while (true) {
      skipPastDelimiter(deadline);
      JsonNode reply = JSON.readTree(readLine(deadline));
      if (reply.path("return").asLong(-1) == id) {
        return;
      }
    }
  }

  @Override
  public JsonNode call(String execute, Map<String, Object> arguments) throws IOException {
    send(execute, arguments);
    long deadline = deadline();
    JsonNode reply = JSON.readTree(readLine(deadline));
    if (reply.has("error")) {
      throw new IOException("guest agent at " + path + " refused " + execute + ": " + reply.get("error"));
    }
    if (!reply.has("return")) {
      throw new IOException("guest agent at " + path + " answered " + execute + " with " + reply);
    }
    return reply.get("return");
  }

  private void send(String execute, Map<String, Object> arguments) throws IOException {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("execute", execute);
    request.put("arguments", arguments);
    write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(bytes);
    long deadline = deadline();
    while (out.hasRemaining()) {
      if (channel.write(out) == 0) {
        key.interestOps(SelectionKey.OP_WRITE);
        try {
          waitUntil(deadline, "to take a request");
        } finally {
          key.interestOps(SelectionKey.OP_READ);
        }
      }
    }
  }

  private void skipPastDelimiter(long deadline) throws IOException {
    while (true) {
      while (in.hasRemaining()) {
        if (in.get() == DELIMITER) {
          return;
        }
      }
      fill(deadline, "to synchronise");
    }
  }

  private String readLine(long deadline) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      while (in.hasRemaining()) {
        byte b = in.get();
        if (b == '\n') {
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
      }
      fill(deadline, "to answer");
    }
  }

  /** Reads what the agent has sent into the (drained) input buffer, waiting for it until {@code deadline}. */
  private void fill(long deadline, String what) throws IOException {
    in.clear();
    try {
      while (true) {
        int read = channel.read(in);
        if (read < 0) {
          throw new IOException("guest agent at " + path + " closed the connection");
        }
        if (read > 0) {
          return;
        }
        waitUntil(deadline, what);
      }
    } finally {
      in.flip();
    }
  }

  private void waitUntil(long deadline, String what) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new IOException("guest agent at " + path + " took more than " + timeout.toMillis() + " ms " + what);
    }
    selector.select(Math.max(1, left / 1_000_000));
    selector.selectedKeys().clear();
  }

  private long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}
