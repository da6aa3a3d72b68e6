package io.vmnetdiag.agent.cause;

import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the tracefs instances of agents that never removed their own (killed mid-window): each holds a ring
 * buffer of kernel memory until someone does. An instance is taken for stale by its age, never by its PID, which a
 * capture pod's own PID namespace cannot judge: no capture lives longer than the longest window plus its start-up.
 */
final class StaleTraceInstances {
  private static final Logger log = LoggerFactory.getLogger(StaleTraceInstances.class);
  static final String PREFIX = "vmnetdiag-";
  /** Far beyond any capture: the longest window, and an hour for start-up and reading. */
  static final Duration STALE_AFTER = Duration.ofSeconds(CaptureSpec.MAX_DURATION_SECONDS).plusHours(1);

  private StaleTraceInstances() {
  }

  /** Removes this project's instances under {@code instances} created before {@code now - STALE_AFTER}; their count. */
  static int remove(Path instances, Instant now) {
    Instant before = now.minus(STALE_AFTER);
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(instances, PREFIX + "*")) {
      for (Path instance : entries) {
        try {
          if (Files.getLastModifiedTime(instance, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) {
            // tracefs removes an instance with its files and events in one rmdir
            Files.delete(instance);
            removed++;
            log.info("Removed stale tracefs instance {}", instance.getFileName());
          }
        } catch (IOException e) {
          log.warn("Stale tracefs instance {} not removed: {}", instance.getFileName(), e.toString());
        }
      }
    } catch (IOException e) {
      log.debug("No tracefs instances to look at in {}: {}", instances, e.toString());
    }
    return removed;
  }
}
