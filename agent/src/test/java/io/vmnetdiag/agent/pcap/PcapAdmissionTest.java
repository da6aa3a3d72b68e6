package io.vmnetdiag.agent.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.CaptureRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapAdmissionTest {
  private static final long MIB = 1024 * 1024;
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir
  Path root;

  @Test
  void noPcapAskedNoSettingsAndNothingToReport() {
    PcapAdmission.Decision decision = PcapAdmission.decide(new CaptureRequest(), 3, clock);

    assertThat(decision.settings()).isNull();
    assertThat(decision.report()).isNull();
  }

  @Test
  void aRunThatFitsWritesAndReportsWhatWasPruned() throws IOException {
    Path old = Files.createDirectories(root.resolve("vms/old/g2"));
    Files.write(old.resolve("tap-vnet0.0.pcap"), new byte[4096]);
    Files.setLastModifiedTime(old.resolve("tap-vnet0.0.pcap"), FileTime.from(NOW.minus(4, ChronoUnit.DAYS)));
    Files.setLastModifiedTime(old, FileTime.from(NOW.minus(4, ChronoUnit.DAYS)));

    PcapAdmission.Decision decision = PcapAdmission.decide(request(8 * MIB, 4, 1024 * MIB), 3, clock);

    assertThat(decision.settings()).isNotNull();
    assertThat(decision.settings().directory()).isEqualTo(root.resolve("vms/web/g1"));
    assertThat(decision.report().getNotWritten()).isNull();
    assertThat(decision.report().getPrunedRuns()).isEqualTo(1);
    assertThat(decision.report().getPrunedBytes()).isEqualTo(4096);
    assertThat(old).doesNotExist();
  }

  @Test
  void aRunLargerThanTheNodesLimitWritesNoFilesAndSaysWhy() {
    // 3 hops x 4 files x 8 MiB = 96 MiB against a 64 MiB node.
    PcapAdmission.Decision decision = PcapAdmission.decide(request(8 * MIB, 4, 64 * MIB), 3, clock);

    assertThat(decision.settings()).isNull();
    assertThat(decision.report().getDirectory()).isEqualTo(root.resolve("vms/web/g1").toString());
    assertThat(decision.report().getNotWritten()).contains("96.0 MiB").contains("64.0 MiB");
  }

  private CaptureRequest request(long fileBytes, int files, long nodeLimit) {
    CaptureRequest request = new CaptureRequest();
    request.setNode("node-7");
    request.setPcapDirectory(root.resolve("vms/web/g1").toString());
    request.setPcapMaxFileBytes(fileBytes);
    request.setPcapMaxFiles(files);
    request.setPcapRoot(root.toString());
    request.setPcapRetentionSeconds(72 * 3600);
    request.setPcapNodeLimitBytes(nodeLimit);
    return request;
  }
}
