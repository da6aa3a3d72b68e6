package io.vmnetdiag.agent.cause;

import io.vmnetdiag.capture.pcap.CaptureFailure;
import io.vmnetdiag.capture.pcap.NetworkNamespace;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a kernel read in a hop's network namespace: on a thread of its own that enters the namespace and then ends,
 * so no thread of the agent is left in another namespace. A failure is logged and read as nothing.
 */
final class InNamespace {
  private static final Logger log = LoggerFactory.getLogger(InNamespace.class);

  /** A read that may fail for the kernel's own reasons. */
  interface Read<T> {
    T read() throws CaptureFailure;
  }

  private InNamespace() {
  }

  /** {@code read} in {@code namespace} (a path; empty for the agent's own); empty when it failed. Never throws. */
  static <T> Optional<T> read(String namespace, String what, Read<T> read) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        if (!namespace.isEmpty()) {
          NetworkNamespace.enter(namespace);
        }
        result.complete(read.read());
      } catch (CaptureFailure | RuntimeException | LinkageError e) {
        result.completeExceptionally(e);
      }
    }, what.replace(' ', '-') + "-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      return Optional.of(result.get());
    } catch (ExecutionException e) {
      log.warn("{} not read{}: {}", what, namespace.isEmpty() ? "" : " in " + namespace, e.getCause().toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
