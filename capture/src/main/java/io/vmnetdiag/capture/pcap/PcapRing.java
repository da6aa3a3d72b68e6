package io.vmnetdiag.capture.pcap;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PcapFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One hop's bounded pcap files: {@code <base>.0.pcap} .. {@code <base>.<maxFiles-1>.pcap} in one
 * directory, each at most {@code maxFileBytes}; when the next record would not fit, the next file in
 * the ring is started, replacing the oldest. Written by the capture thread only. A disk error never
 * reaches the capture: the ring stops writing and keeps the reason as a sentence for the hop.
 */
public final class PcapRing {
  private static final Pattern UNSAFE_NAME_CHARACTERS = Pattern.compile("[^A-Za-z0-9._@-]");

  private final Path directory;
  private final String baseName;
  private final long maxFileBytes;
  private final int maxFiles;
  private final int snapLength;
  private final Pattern ringFileName;
  private PcapFileWriter current;
  private int currentIndex = -1;
  private long filesStarted;
  private String failure;

  /**
   * A ring not yet opened. {@code maxFileBytes} must hold the pcap header and one record header plus
   * a byte; records that would not fit an empty file alone are cut to fit (pcap keeps their original length).
   */
  public PcapRing(Path directory, String baseName, long maxFileBytes, int maxFiles, int snapLength) {
    if (directory == null || baseName == null || baseName.isBlank()) {
      throw new IllegalArgumentException("A pcap ring needs a directory and a base name");
    }
    if (maxFileBytes < PcapFileWriter.GLOBAL_HEADER_BYTES + PcapFileWriter.RECORD_HEADER_BYTES + 1L) {
      throw new IllegalArgumentException("A pcap file must hold at least one record, got " + maxFileBytes + " bytes");
    }
    if (snapLength < 1) {
      throw new IllegalArgumentException("A snap length must be positive, got " + snapLength);
    }
    if (maxFiles < 1) {
      throw new IllegalArgumentException("A pcap ring needs at least one file, got " + maxFiles);
    }
    this.directory = directory;
    this.baseName = UNSAFE_NAME_CHARACTERS.matcher(baseName).replaceAll("_");
    this.maxFileBytes = maxFileBytes;
    this.maxFiles = maxFiles;
    this.snapLength = snapLength;
    this.ringFileName = Pattern.compile(Pattern.quote(this.baseName) + "\\.\\d+\\.pcap");
  }

  /** The file name stem for a hop: its role in lower case and its interface, e.g. {@code tap-vnet3}. */
  /**
   * One file base name per hop, in hop order: role and interface, with -2, -3, ... added where hops in
   * different network namespaces share both (two pods' eth0), so no two rings write the same files.
   */
  public static List<String> baseNames(List<Hop> hops) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> names = new ArrayList<>(hops.size());
    for (Hop hop : hops) {
      String name = hop == null ? "hop" : baseName(hop.getRole(), hop.getInterfaceName());
      int count = seen.merge(name, 1, Integer::sum);
      names.add(count == 1 ? name : name + "-" + count);
    }
    return names;
  }

  public static String baseName(HopRole role, String interfaceName) {
    return HopRole.word(role) + "-" + interfaceName;
  }

  /** The name of the ring's file at {@code index}. */
  public String fileName(int index) {
    return baseName + "." + index + ".pcap";
  }

  /** Creates the directory if missing (0750), removes an earlier run's ring of the same name, starts file 0. */
  public void open() {
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
      }
      removeEarlierRing();
      startNextFile();
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Appends one frame; rotates first when it would not fit. Never throws; does nothing after a failure. */
  public void write(byte[] frame, int originalLength, long epochMicros) {
    if (current == null) {
      return;
    }
    try {
      long roomInEmptyFile = maxFileBytes - PcapFileWriter.GLOBAL_HEADER_BYTES - PcapFileWriter.RECORD_HEADER_BYTES;
      int keep = (int) Math.min(Math.min(frame.length, snapLength), roomInEmptyFile);
      if (current.bytes() + PcapFileWriter.recordBytes(keep) > maxFileBytes) {
        current.close();
        current = null;
        startNextFile();
      }
      current.write(frame, keep, originalLength, epochMicros);
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Flushes and closes the current file; the ring writes nothing more. */
  public void close() {
    if (current == null) {
      return;
    }
    try {
      current.close();
    } catch (IOException e) {
      fail(e);
    } finally {
      current = null;
    }
  }

  /** Why the ring stopped writing, as a sentence; null while it is healthy. */
  public String failure() {
    return failure;
  }

  /** The ring's files on disk with their sizes, oldest first. */
  public List<PcapFile> files() {
    List<PcapFile> files = new ArrayList<>();
    if (filesStarted == 0) {
      return files;
    }
    int count = (int) Math.min(filesStarted, maxFiles);
    int oldest = filesStarted <= maxFiles ? 0 : (currentIndex + 1) % maxFiles;
    for (int i = 0; i < count; i++) {
      String name = fileName((oldest + i) % maxFiles);
      try {
        files.add(new PcapFile(name, Files.size(directory.resolve(name))));
      } catch (IOException e) {
        // removed under us: report what is there
      }
    }
    return files;
  }

  private void startNextFile() throws IOException {
    currentIndex = (currentIndex + 1) % maxFiles;
    filesStarted++;
    current = PcapFileWriter.create(directory.resolve(fileName(currentIndex)), snapLength);
  }

  private void removeEarlierRing() throws IOException {
    // Files of an earlier run would otherwise pass for part of this one.
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
        entry -> ringFileName.matcher(entry.getFileName().toString()).matches())) {
      for (Path entry : entries) {
        Files.deleteIfExists(entry);
      }
    }
  }

  private void fail(Exception e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    failure = "pcap files " + baseName + ".*.pcap in " + directory + " could not be written (" + detail
        + "); packets were still counted.";
    if (current != null) {
      try {
        current.close();
      } catch (IOException closing) {
        // already failing: the first reason is the one to report
      }
      current = null;
    }
  }
}
