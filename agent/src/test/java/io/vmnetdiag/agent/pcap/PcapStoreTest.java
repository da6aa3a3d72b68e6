package io.vmnetdiag.agent.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapStoreTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final long MIB = 1024 * 1024;

  @TempDir
  Path root;
  @TempDir
  Path elsewhere;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void runsOlderThanTheRetentionGoWithTheirEmptyParents() throws IOException {
    Path expired = run("vms", "old", "g1", MIB, NOW.minus(Duration.ofHours(25)));
    Path fresh = run("vms", "new", "g1", MIB, NOW.minus(Duration.ofHours(1)));

    PcapStore.Room room = store(Duration.ofHours(24), 100 * MIB).makeRoom(root.resolve("vms/me/g1"), 10 * MIB);

    assertThat(room.fits()).isTrue();
    assertThat(room.removedRuns()).isEqualTo(1);
    assertThat(room.removedBytes()).isEqualTo(MIB);
    assertThat(room.keptBytes()).isEqualTo(MIB);
    assertThat(expired.getParent()).doesNotExist();
    assertThat(fresh).exists();
    assertThat(root.resolve("vms")).exists();
  }

  @Test
  void theOldestRunsGoUntilThisRunFitsUnderTheNodeLimit() throws IOException {
    Path oldest = run("a", "x", "g1", 4 * MIB, NOW.minusSeconds(300));
    Path middle = run("b", "y", "g2", 4 * MIB, NOW.minusSeconds(200));
    Path newest = run("a", "x", "g3", 4 * MIB, NOW.minusSeconds(100));

    PcapStore.Room room = store(Duration.ofHours(24), 12 * MIB).makeRoom(root.resolve("c/z/g1"), 6 * MIB);

    assertThat(room.fits()).isTrue();
    assertThat(room.removedRuns()).isEqualTo(2);
    assertThat(oldest).doesNotExist();
    assertThat(middle).doesNotExist();
    assertThat(newest).exists();
    assertThat(room.keptBytes()).isEqualTo(4 * MIB);
  }

  @Test
  void aRunLargerThanTheWholeLimitIsRefusedWithTheNumbers() throws IOException {
    run("a", "x", "g1", MIB, NOW.minusSeconds(10));

    PcapStore.Room room = store(Duration.ofHours(24), 8 * MIB).makeRoom(root.resolve("c/z/g1"), 96 * MIB);

    assertThat(room.fits()).isFalse();
    assertThat(room.refusal()).contains("96.0 MiB").contains("8.0 MiB");
  }

  @Test
  void theRunsOwnDirectoryAndAnythingThatIsNotARunAreLeftAlone() throws IOException {
    Path own = run("vms", "me", "g1", 4 * MIB, NOW.minus(Duration.ofDays(3)));
    Path stray = Files.createDirectories(root.resolve("vms/notes"));
    Files.writeString(stray.resolve("README"), "kept");
    Path strayRun = Files.createDirectories(root.resolve("vms/other/keep-me"));
    setModified(strayRun, NOW.minus(Duration.ofDays(3)));

    PcapStore.Room room = store(Duration.ofHours(1), 5 * MIB).makeRoom(own, 4 * MIB);

    assertThat(room.removedRuns()).isZero();
    assertThat(room.fits()).isTrue();
    assertThat(own.resolve("tap-vnet0.0.pcap")).exists();
    assertThat(stray.resolve("README")).exists();
    assertThat(strayRun).exists();
  }

  @Test
  void aLinkedDirectoryIsNeitherFollowedNorRemoved() throws IOException {
    Path outside = Files.createDirectories(elsewhere.resolve("g1"));
    Files.write(outside.resolve("precious.pcap"), new byte[1024]);
    Files.createDirectories(root.resolve("vms/linked"));
    Files.createSymbolicLink(root.resolve("vms/linked/g1"), outside);

    store(Duration.ofMillis(1), MIB).makeRoom(root.resolve("vms/me/g1"), MIB);

    assertThat(outside.resolve("precious.pcap")).exists();
  }

  @Test
  void aMissingRootHoldsNothing() {
    PcapStore.Room room = new PcapStore(root.resolve("absent"), Duration.ofHours(1), MIB, clock)
        .makeRoom(root.resolve("absent/a/b/g1"), MIB / 2);

    assertThat(room.fits()).isTrue();
    assertThat(room.keptBytes()).isZero();
  }

  private PcapStore store(Duration retention, long limit) {
    return new PcapStore(root, retention, limit, clock);
  }

  private Path run(String namespace, String name, String generation, long bytes, Instant written) throws IOException {
    Path run = Files.createDirectories(root.resolve(namespace).resolve(name).resolve(generation));
    Path file = run.resolve("tap-vnet0.0.pcap");
    Files.write(file, new byte[(int) bytes]);
    setModified(file, written);
    setModified(run, written);
    return run;
  }

  private static void setModified(Path path, Instant time) throws IOException {
    Files.setLastModifiedTime(path, FileTime.from(time));
  }
}
