package io.vmnetdiag.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.CaptureStats;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PcapFile;
import io.vmnetdiag.testkit.LabTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rough check that writing pcap files does not slow the capture loop into kernel drops: a
 * {@code ping -f} flood captured on two hops without and then with pcap files, figures printed side
 * by side. (The tcpdump-class benchmark with a traffic generator lives elsewhere; this is its smoke test.)
 */
@LabTest(tools = {"ip", "ping"})
class PcapFloodLabTest {
  private static final int FLOOD_SECONDS = 3;
  @RegisterExtension
  static final VethLab lab = new VethLab().withPeer();

  @TempDir
  Path temp;

  @Test
  void aFloodIsWrittenWholeAndDropsAreReported() throws Exception {
    List<HopObservation> plain = flood(null);
    Path directory = temp.resolve("flood");
    List<HopObservation> withPcap = flood(new PcapSettings(directory, PcapSettings.MAX_FILE_BYTES, 4));

    for (int i = 0; i < plain.size(); i++) {
      print("without pcap", plain.get(i));
      print("with pcap   ", withPcap.get(i));
    }
    for (HopObservation hop : withPcap) {
      assertThat(hop.getFailure()).as(hop.getInterfaceName()).isNull();
      assertThat(hop.getCapture().getCaptured()).as("a flood, not a trickle").isGreaterThan(10_000);
      long records = 0;
      for (PcapFile file : hop.getPcapFiles()) {
        records += countRecords(directory.resolve(file.getName()));
      }
      assertThat(records).as(hop.getInterfaceName() + " records written").isEqualTo(hop.getCapture().getCaptured());
    }
  }

  private List<HopObservation> flood(PcapSettings pcap) {
    List<Hop> hops = List.of(lab.hopInHost(HopRole.Uplink, lab.uplink), lab.hopInHost(HopRole.Tap, lab.tap));
    CaptureSettings settings = new CaptureSettings(lab.vmMac, lab.vmIp, Duration.ofSeconds(FLOOD_SECONDS + 1), 96,
        List.of(), List.of(), 2, pcap);
    return new CaptureSession(settings).run(hops, window -> {
      try {
        Process ping = lab.startIn(lab.peerNs, "ping", "-n", "-q", "-f", "-w", String.valueOf(FLOOD_SECONDS), lab.vmIp);
        ping.getInputStream().transferTo(System.out);
        ping.waitFor(FLOOD_SECONDS + 5, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static void print(String mode, HopObservation hop) {
    CaptureStats stats = hop.getCapture();
    long bytes = hop.getPcapFiles().stream().mapToLong(PcapFile::getBytes).sum();
    System.out.printf("%s %-6s %-14s captured %8d (%6.0f pps) received %8d droppedByKernel %6d pcap %6.1f MB%n",
        mode, hop.getRole(), hop.getInterfaceName(), stats.getCaptured(), stats.getCaptured() / (double) FLOOD_SECONDS,
        stats.getReceived(), stats.getDroppedByKernel(), bytes / 1e6);
  }

  /** Counts records by walking the record headers (faster than tcpdump for a few hundred thousand). */
  private static long countRecords(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
    assertThat(buffer.getInt(0)).isEqualTo(0xa1b2c3d4);
    long records = 0;
    int position = 24;
    while (position + 16 <= buffer.limit()) {
      position += 16 + buffer.getInt(position + 8);
      records++;
    }
    assertThat(position).as(file + " ends on a record boundary").isEqualTo(buffer.limit());
    return records;
  }
}
