package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleTraceInstancesTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @TempDir
  Path instances;

  @Test
  void onlyThisProjectsInstancesOlderThanAnyCaptureGo() throws IOException {
    Path stale = instance("vmnetdiag-4242-0badcafe", NOW.minus(StaleTraceInstances.STALE_AFTER).minusSeconds(1));
    Path running = instance("vmnetdiag-1-12345678", NOW.minus(Duration.ofMinutes(5)));
    Path someoneElses = instance("perf-tracing", NOW.minus(Duration.ofDays(3)));

    assertThat(StaleTraceInstances.remove(instances, NOW)).isEqualTo(1);

    assertThat(stale).doesNotExist();
    assertThat(running).exists();
    assertThat(someoneElses).exists();
  }

  @Test
  void noInstancesDirectoryIsNothingToDo() {
    assertThat(StaleTraceInstances.remove(instances.resolve("absent"), NOW)).isZero();
  }

  private Path instance(String name, Instant created) throws IOException {
    Path instance = Files.createDirectory(instances.resolve(name));
    Files.setLastModifiedTime(instance, FileTime.from(created));
    return instance;
  }
}
