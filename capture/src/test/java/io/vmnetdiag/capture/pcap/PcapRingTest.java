package io.vmnetdiag.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PcapFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapRingTest {
  private static final int FRAME = 60;
  private static final long RECORD = 16 + FRAME;

  @TempDir
  Path temp;

  @Test
  void namesFilesByRoleInterfaceAndIndex() {
    assertThat(PcapRing.baseName(HopRole.Tap, "vnet3")).isEqualTo("tap-vnet3");
    assertThat(PcapRing.baseName(HopRole.Uplink, "eth0.100")).isEqualTo("uplink-eth0.100");
    assertThat(PcapRing.baseName(null, "x")).isEqualTo("hop-x");
    PcapRing ring = new PcapRing(temp, "bridge-k6t-eth0", 1000, 4, 96);
    assertThat(ring.fileName(0)).isEqualTo("bridge-k6t-eth0.0.pcap");
    assertThat(ring.fileName(3)).isEqualTo("bridge-k6t-eth0.3.pcap");
    // Whatever a hop's name holds, the file stays one plain name inside the directory.
    assertThat(new PcapRing(temp, "tap-../../etc x", 1000, 1, 96).fileName(0)).isEqualTo("tap-.._.._etc_x.0.pcap");
  }

  @Test
  void rotatesWhenTheNextRecordWouldNotFitAndOverwritesTheOldest() throws Exception {
    long maxFileBytes = 24 + 3 * RECORD;
    PcapRing ring = new PcapRing(temp, "tap-vnet0", maxFileBytes, 3, 96);
    ring.open();
    for (int i = 0; i < 10; i++) {
      ring.write(ArpFrames.request(i), FRAME, 1_000_000L + i);
    }
    ring.close();

    assertThat(ring.failure()).isNull();
    // Files 0, 1, 2 took frames 0-2, 3-5, 6-8; frame 9 started file 0 again.
    List<PcapFile> files = ring.files();
    assertThat(files).extracting(PcapFile::getName)
        .containsExactly("tap-vnet0.1.pcap", "tap-vnet0.2.pcap", "tap-vnet0.0.pcap");
    assertThat(files).extracting(PcapFile::getBytes).containsExactly(24 + 3 * RECORD, 24 + 3 * RECORD, 24 + RECORD);
    assertThat(indexesIn(files)).containsExactly(3, 4, 5, 6, 7, 8, 9);
    assertThat(pcapFilesOnDisk()).hasSize(3);
  }

  @Test
  void neverExceedsItsBoundsWhateverIsWritten() throws Exception {
    long maxFileBytes = 1000;
    int maxFiles = 4;
    PcapRing ring = new PcapRing(temp, "uplink-eth0", maxFileBytes, maxFiles, 96);
    ring.open();
    long written = 0;
    for (int i = 0; i < 500; i++) {
      byte[] frame = new byte[1 + (i * 37) % 300];
      ring.write(frame, frame.length, i);
      written++;
      assertThat(pcapFilesOnDisk()).hasSizeLessThanOrEqualTo(maxFiles);
    }
    ring.close();
    List<PcapFile> files = ring.files();
    assertThat(files).hasSize(maxFiles);
    assertThat(files).allSatisfy(file -> assertThat(file.getBytes()).isBetween(24L + 17, maxFileBytes));
    List<Long> stamps = new ArrayList<>();
    for (PcapFile file : files) {
      PcapRecords.records(temp.resolve(file.getName())).forEach(r -> stamps.add(r.epochMicros()));
    }
    // Oldest first, the newest record last, nothing missing in between.
    assertThat(stamps).isSorted();
    assertThat(stamps.get(stamps.size() - 1)).isEqualTo(written - 1);
    assertThat(stamps.get(stamps.size() - 1) - stamps.get(0)).isEqualTo(stamps.size() - 1);
  }

  @Test
  void beforeWrappingListsFilesInWritingOrder() throws Exception {
    PcapRing ring = new PcapRing(temp, "tap-vnet1", 24 + 2 * RECORD, 5, 96);
    assertThat(ring.files()).isEmpty();
    ring.open();
    assertThat(ring.files()).extracting(PcapFile::getName).containsExactly("tap-vnet1.0.pcap");
    for (int i = 0; i < 5; i++) {
      ring.write(ArpFrames.request(i), FRAME, i);
    }
    ring.close();
    assertThat(ring.files()).extracting(PcapFile::getName)
        .containsExactly("tap-vnet1.0.pcap", "tap-vnet1.1.pcap", "tap-vnet1.2.pcap");
    assertThat(indexesIn(ring.files())).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void cutsAFrameThatWouldNotFitAnEmptyFile() throws Exception {
    PcapRing ring = new PcapRing(temp, "tap-big", 100, 2, 9000);
    ring.open();
    ring.write(new byte[1500], 1500, 1);
    ring.close();
    List<PcapRecords.Record> records = PcapRecords.records(temp.resolve("tap-big.0.pcap"));
    assertThat(records).hasSize(1);
    assertThat(records.get(0).capturedLength()).isEqualTo(100 - 24 - 16);
    assertThat(records.get(0).originalLength()).isEqualTo(1500);
    assertThat(Files.size(temp.resolve("tap-big.0.pcap"))).isEqualTo(100);
  }

  @Test
  void createsItsDirectoryPrivatelyAndRemovesAnEarlierRing() throws Exception {
    Path directory = temp.resolve("diag/run");
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("tap-vnet0.7.pcap"), "from an earlier run");
    Files.writeString(directory.resolve("tap-vnet0.100.0.pcap"), "another interface's ring");
    Files.writeString(directory.resolve("bridge-br0.0.pcap"), "another hop");
    PcapRing ring = new PcapRing(directory, "tap-vnet0", 1000, 8, 96);
    ring.open();
    ring.close();
    assertThat(directory.resolve("tap-vnet0.7.pcap")).doesNotExist();
    assertThat(directory.resolve("tap-vnet0.100.0.pcap")).exists();
    assertThat(directory.resolve("bridge-br0.0.pcap")).exists();
    assertThat(Files.getPosixFilePermissions(directory.resolve("tap-vnet0.0.pcap")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));

    Path fresh = temp.resolve("fresh/deeper");
    PcapRing another = new PcapRing(fresh, "tap-vnet0", 1000, 2, 96);
    another.open();
    another.close();
    assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(another.files()).extracting(PcapFile::getBytes).containsExactly(24L);
  }

  @Test
  void aDirectoryThatCannotExistBecomesAFailureSentence() throws Exception {
    Path notADirectory = temp.resolve("plain-file");
    Files.writeString(notADirectory, "x");
    PcapRing ring = new PcapRing(notADirectory.resolve("sub"), "tap-vnet0", 1000, 2, 96);
    ring.open();
    ring.write(ArpFrames.request(1), FRAME, 1);
    ring.close();
    assertThat(ring.failure()).startsWith("pcap files tap-vnet0.*.pcap in " + notADirectory.resolve("sub")
        + " could not be written (").endsWith("); packets were still counted.");
    assertThat(ring.files()).isEmpty();
  }

  @Test
  void aDiskErrorMidwayStopsWritingWithoutThrowing() throws Exception {
    Path directory = temp.resolve("vanishing");
    PcapRing ring = new PcapRing(directory, "tap-vnet0", 24 + 2 * RECORD, 3, 96);
    ring.open();
    ring.write(ArpFrames.request(0), FRAME, 0);
    ring.write(ArpFrames.request(1), FRAME, 1);
    deleteTree(directory);
    // The third record needs a new file in a directory that is gone.
    for (int i = 2; i < 10; i++) {
      ring.write(ArpFrames.request(i), FRAME, i);
    }
    ring.close();
    assertThat(ring.failure()).contains("could not be written").contains("NoSuchFileException");
    assertThat(directory).doesNotExist();
  }

  @Test
  void rejectsBoundsThatCannotHoldARecord() {
    assertThatThrownBy(() -> new PcapRing(temp, "tap-x", 40, 1, 96)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PcapRing(temp, "tap-x", 1000, 0, 96)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PcapRing(temp, "tap-x", 1000, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PcapRing(null, "tap-x", 1000, 1, 96)).isInstanceOf(IllegalArgumentException.class);
  }

  private List<Integer> indexesIn(List<PcapFile> files) throws IOException {
    List<Integer> indexes = new ArrayList<>();
    for (PcapFile file : files) {
      PcapRecords.records(temp.resolve(file.getName())).forEach(r -> indexes.add(ArpFrames.indexOf(r.data())));
    }
    return indexes;
  }

  private List<Path> pcapFilesOnDisk() throws IOException {
    try (Stream<Path> entries = Files.list(temp)) {
      return entries.filter(p -> p.getFileName().toString().endsWith(".pcap")).toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> entries = Files.walk(root)) {
      for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(entry);
      }
    }
  }

  @Test
  void hopsSharingRoleAndInterfaceGetDistinctFileNames() {
    io.vmnetdiag.api.v1alpha1.Hop podA = new io.vmnetdiag.api.v1alpha1.Hop(io.vmnetdiag.api.v1alpha1.HopRole.Guest, "eth0");
    podA.setNetworkNamespace("/proc/101/ns/net");
    io.vmnetdiag.api.v1alpha1.Hop podB = new io.vmnetdiag.api.v1alpha1.Hop(io.vmnetdiag.api.v1alpha1.HopRole.Guest, "eth0");
    podB.setNetworkNamespace("/proc/202/ns/net");
    io.vmnetdiag.api.v1alpha1.Hop tap = new io.vmnetdiag.api.v1alpha1.Hop(io.vmnetdiag.api.v1alpha1.HopRole.Tap, "vnet3");

    assertThat(PcapRing.baseNames(java.util.List.of(podA, tap, podB)))
        .containsExactly("guest-eth0", "tap-vnet3", "guest-eth0-2");
  }
}
