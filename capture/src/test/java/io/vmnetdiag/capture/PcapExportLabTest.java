package io.vmnetdiag.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PcapFile;
import io.vmnetdiag.testkit.LabTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pcap files per hop on real links, read back by tcpdump: same packets as the counts, bounded ring. */
@LabTest(tools = {"ip", "ping", "tcpdump"})
class PcapExportLabTest {
  private static final int PINGS = 10;
  @RegisterExtension
  static final VethLab lab = new VethLab().withPeer();

  @TempDir
  Path temp;

  @Test
  void writesOneRingPerHopThatTcpdumpReadsWithTheCountedPackets() throws Exception {
    Path directory = temp.resolve("diagnosis/capture");
    List<Hop> hops = List.of(lab.hopInHost(HopRole.Uplink, lab.uplink), lab.hopInHost(HopRole.Tap, lab.tap));
    CaptureSettings settings = new CaptureSettings(lab.vmMac, lab.vmIp, Duration.ofSeconds(4), 96,
        List.of(), List.of(), 2, new PcapSettings(directory, PcapSettings.MIN_FILE_BYTES, 4));

    List<HopObservation> observations = new CaptureSession(settings).run(hops,
        window -> lab.pingVmFromPeer(PINGS));

    assertThat(directory).isDirectory();
    for (HopObservation hop : observations) {
      String name = hop.getInterfaceName();
      assertThat(hop.getFailure()).as(name).isNull();
      assertThat(hop.getToVm().get(PacketKind.IcmpEchoRequest)).as(name).isEqualTo(PINGS);
      String base = hop.getRole().name().toLowerCase() + "-" + name;
      assertThat(hop.getPcapFiles()).as(name).extracting(PcapFile::getName).containsExactly(base + ".0.pcap");
      Path file = directory.resolve(base + ".0.pcap");
      assertThat(hop.getPcapFiles().get(0).getBytes()).isEqualTo(Files.size(file));
      List<String> lines = tcpdump(file);
      assertThat((long) lines.size()).as(name + " packets in the pcap file").isEqualTo(hop.getCapture().getCaptured());
      assertThat(lines.stream().filter(line -> line.contains(lab.peerIp + " > " + lab.vmIp + ": ICMP echo request")))
          .as(name).hasSize(PINGS);
      assertThat(lines.stream().filter(line -> line.contains(lab.vmIp + " > " + lab.peerIp + ": ICMP echo reply")))
          .as(name).hasSize(PINGS);
      assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
          .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "GROUP_READ");
    }
  }

  @Test
  void aSmallRingRotatesAndNeverHoldsMoreThanItsFiles() throws Exception {
    Path directory = temp.resolve("ring");
    int maxFiles = 3;
    long maxFileBytes = PcapSettings.MIN_FILE_BYTES;
    Hop tap = lab.hopInHost(HopRole.Tap, lab.tap);
    // Full frames (1428 bytes) make the 64 KiB minimum file hold only ~45 of them.
    CaptureSettings settings = new CaptureSettings(lab.vmMac, lab.vmIp, Duration.ofSeconds(5), 1600,
        List.of(), List.of(), 0, new PcapSettings(directory, maxFileBytes, maxFiles));
    AtomicInteger mostFilesSeen = new AtomicInteger();

    List<HopObservation> observations = new CaptureSession(settings).run(List.of(tap), window -> {
      Process ping = start(lab.peerNs, "ping", "-n", "-q", "-c", "400", "-i", "0.005", "-s", "1400", "-W", "1", lab.vmIp);
      try {
        while (!ping.waitFor(20, TimeUnit.MILLISECONDS)) {
          mostFilesSeen.accumulateAndGet(countPcapFiles(directory), Math::max);
        }
      } catch (InterruptedException | IOException e) {
        throw new IllegalStateException(e);
      }
    });

    HopObservation hop = observations.get(0);
    assertThat(hop.getFailure()).isNull();
    assertThat(hop.getCapture().getCaptured()).isGreaterThanOrEqualTo(800);
    assertThat(mostFilesSeen.get()).isBetween(1, maxFiles);
    assertThat(countPcapFiles(directory)).isEqualTo(maxFiles);
    List<PcapFile> files = hop.getPcapFiles();
    assertThat(files).hasSize(maxFiles);
    long packetsKept = 0;
    List<String> allLines = new ArrayList<>();
    for (PcapFile file : files) {
      assertThat(file.getBytes()).isLessThanOrEqualTo(maxFileBytes);
      List<String> lines = tcpdump(directory.resolve(file.getName()));
      assertThat(lines).isNotEmpty();
      packetsKept += lines.size();
      allLines.addAll(lines);
    }
    // The ring kept only the newest packets, fewer than were counted, and oldest first across files.
    assertThat(packetsKept).isLessThan(hop.getCapture().getCaptured());
    assertThat(packetsKept).isGreaterThan((maxFiles - 1) * 40L);
    List<String> times = allLines.stream().map(line -> line.substring(0, 15)).toList();
    assertThat(times).isSorted();
  }

  private static int countPcapFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return (int) entries.filter(p -> p.getFileName().toString().endsWith(".pcap")).count();
    }
  }

  private static Process start(String ns, String... command) {
    try {
      return lab.startIn(ns, command);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> tcpdump(Path file) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("tcpdump", "-nn", "-r", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("tcpdump -r " + file + " failed");
    }
    return output.isEmpty() ? List.of() : List.of(output.split("\n"));
  }
}
