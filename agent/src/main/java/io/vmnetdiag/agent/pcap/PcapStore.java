package io.vmnetdiag.agent.pcap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's pcap files: {@code <root>/<namespace>/<name>/g<generation>}, one directory per diagnosis run. Nothing
 * else deletes them (a diagnosis may be gone, its node unreachable to the operator), so each capture makes room
 * before it writes: runs older than the retention go, then the oldest runs until this run's most bytes fit under
 * the node's limit. Only run directories are touched, never followed through links; anything else under the root
 * is left alone and not counted.
 */
public final class PcapStore {
  private static final Logger LOG = LoggerFactory.getLogger(PcapStore.class);
  private static final Pattern RUN = Pattern.compile("g\\d+");

  private final Path root;
  private final Duration retention;
  private final long limitBytes;
  private final Clock clock;

  public PcapStore(Path root, Duration retention, long limitBytes, Clock clock) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("The pcap retention must be positive, got " + retention);
    }
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("The node's pcap limit must be positive, got " + limitBytes);
    }
    this.root = root.toAbsolutePath().normalize();
    this.retention = retention;
    this.limitBytes = limitBytes;
    this.clock = clock;
  }

  /** What making room did, and whether this run may write its pcap files. */
  public record Room(boolean fits, int removedRuns, long removedBytes, long keptBytes, String refusal) {
  }

  /**
   * Removes expired runs, then the oldest others until {@code budgetBytes} more fit under the limit. The run's own
   * directory ({@code own}, under the root) is neither counted nor removed: its earlier files are overwritten.
   */
  public Room makeRoom(Path own, long budgetBytes) {
    Path ownRun = own.toAbsolutePath().normalize();
    List<Run> runs = new ArrayList<>(runs().stream().filter(run -> !run.path().equals(ownRun)).toList());
    Instant expiry = clock.instant().minus(retention);
    int removed = 0;
    long removedBytes = 0;
    runs.sort(Comparator.comparing(Run::lastWritten));
    List<Run> kept = new ArrayList<>();
    for (Run run : runs) {
      if (run.lastWritten().isBefore(expiry) && remove(run)) {
        removed++;
        removedBytes += run.bytes();
      } else {
        kept.add(run);
      }
    }
    long keptBytes = kept.stream().mapToLong(Run::bytes).sum();
    // Oldest first; a run that cannot be removed stays counted.
    for (Run oldest : List.copyOf(kept)) {
      if (keptBytes + budgetBytes <= limitBytes) {
        break;
      }
      if (remove(oldest)) {
        removed++;
        removedBytes += oldest.bytes();
        keptBytes -= oldest.bytes();
      }
    }
    boolean fits = keptBytes + budgetBytes <= limitBytes;
    String refusal = fits ? null : "this run may write up to " + mib(budgetBytes) + " of pcap files, more than the node's"
        + " whole pcap limit of " + mib(limitBytes) + " (agent.pcapNodeLimit): no pcap files were written";
    return new Room(fits, removed, removedBytes, keptBytes, refusal);
  }

  /** Every run directory: exactly three levels below the root, named g<generation>. */
  private List<Run> runs() {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<Run> runs = new ArrayList<>();
    for (Path namespace : directories(root)) {
      for (Path name : directories(namespace)) {
        for (Path run : directories(name)) {
          if (RUN.matcher(run.getFileName().toString()).matches()) {
            runs.add(measure(run));
          }
        }
      }
    }
    return runs;
  }

  private static List<Path> directories(Path parent) {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent,
        entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))) {
      entries.forEach(children::add);
    } catch (IOException e) {
      // unreadable: nothing of it is counted or removed
    }
    return children;
  }

  /** A run's bytes and when it was last written: its newest file, or the directory itself when empty. */
  private static Run measure(Path run) {
    long bytes = 0;
    FileTime newest = modified(run);
    try (Stream<Path> files = Files.list(run)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        bytes += attributes.isRegularFile() ? attributes.size() : 0;
        newest = attributes.lastModifiedTime().compareTo(newest) > 0 ? attributes.lastModifiedTime() : newest;
      }
    } catch (IOException e) {
      // a file vanished while listed: what was measured stands
    }
    return new Run(run, bytes, newest.toInstant());
  }

  private static FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Deletes a run's files and the run, then its name and namespace directories once empty; false if it could not. */
  private boolean remove(Run run) {
    try (Stream<Path> files = Files.list(run.path())) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(run.path());
      deleteIfEmpty(run.path().getParent());
      deleteIfEmpty(run.path().getParent().getParent());
      return true;
    } catch (IOException e) {
      LOG.warn("Could not remove old pcap files in {}: {}", run.path(), e.toString());
      return false;
    }
  }

  private void deleteIfEmpty(Path directory) throws IOException {
    if (directory.equals(root)) {
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      if (entries.findAny().isEmpty()) {
        Files.deleteIfExists(directory);
      }
    }
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private record Run(Path path, long bytes, Instant lastWritten) {
  }
}
