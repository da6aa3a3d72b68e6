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
public final class InNamespace {
  private static final Logger log = LoggerFactory.getLogger(InNamespace.class);

  /** A read that may fail for the kernel's own reasons. */
  public interface Read<T> {
    T read() throws CaptureFailure;
  }

  private InNamespace() {
  }

  /**
   * {@code read} in {@code namespace} (a path; empty for the agent's own).
   *
   * @throws IllegalStateException saying why, when the namespace could not be entered or the read failed
   */
  public static <T> T call(String namespace, String what, Read<T> read) {
    CompletableFuture<T> result = start(namespace, what, read);
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage() == null ? e.getCause().toString()
          : e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + what);
    }
  }

  private static <T> CompletableFuture<T> start(String namespace, String what, Read<T> read) {
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
    return result;
  }

  /** {@code read} in {@code namespace} (a path; empty for the agent's own); empty when it failed. Never throws. */
  public static <T> Optional<T> read(String namespace, String what, Read<T> read) {
    CompletableFuture<T> result = start(namespace, what, read);
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
