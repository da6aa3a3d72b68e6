package io.vmnetdiag.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.testkit.LabTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileWriterTest {
  @TempDir
  Path directory;

  @Test
  void writesAHeaderAndRecordsThatReadBackExactly() throws Exception {
    Path file = directory.resolve("one.pcap");
    byte[] first = ArpFrames.request(1);
    byte[] second = ArpFrames.request(2);
    try (PcapFileWriter writer = PcapFileWriter.create(file, 96)) {
      writer.write(first, first.length, first.length, 1_700_000_000_123_456L);
      writer.write(second, second.length, 1514, 1_700_000_001_000_001L);
      assertThat(writer.bytes()).isEqualTo(24 + 2 * (16 + 60));
    }

    assertThat(Files.size(file)).isEqualTo(24 + 2 * (16 + 60));
    PcapRecords.Header header = PcapRecords.header(file);
    assertThat(header).isEqualTo(new PcapRecords.Header(0xa1b2c3d4, 2, 4, 96, 1));
    List<PcapRecords.Record> records = PcapRecords.records(file);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).epochMicros()).isEqualTo(1_700_000_000_123_456L);
    assertThat(records.get(0).data()).isEqualTo(first);
    assertThat(records.get(1).epochMicros()).isEqualTo(1_700_000_001_000_001L);
    assertThat(records.get(1).originalLength()).isEqualTo(1514);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
  }

  @Test
  void cutsRecordsToTheSnapLengthAndKeepsTheOriginalLength() throws Exception {
    Path file = directory.resolve("cut.pcap");
    byte[] frame = new byte[200];
    try (PcapFileWriter writer = PcapFileWriter.create(file, 64)) {
      writer.write(frame, frame.length, 0, 5L);
      writer.write(frame, 10, frame.length, 6L);
    }
    List<PcapRecords.Record> records = PcapRecords.records(file);
    assertThat(records).extracting(PcapRecords.Record::capturedLength).containsExactly(64, 10);
    // An original length below the captured one would be an invalid record.
    assertThat(records).extracting(PcapRecords.Record::originalLength).containsExactly(64, 200);
  }

  @Test
  @LabTest(root = false, tools = "tcpdump")
  void manyRecordsBeyondTheBufferStayWholeAndTcpdumpReadsThem() throws Exception {
    Path file = directory.resolve("many.pcap");
    int count = 20_000;
    try (PcapFileWriter writer = PcapFileWriter.create(file, 96)) {
      for (int i = 0; i < count; i++) {
        byte[] frame = ArpFrames.request(i);
        writer.write(frame, frame.length, frame.length, 1_700_000_000_000_000L + i);
      }
    }
    assertThat(PcapRecords.records(file)).hasSize(count);
    List<String> lines = PcapRecords.tcpdump(file);
    assertThat(lines).hasSize(count);
    assertThat(lines.get(3)).contains("ARP, Request who-has 10.1.0.3 tell 10.1.255.254");
  }

  @Test
  void replacesAnEarlierFileOfTheSameName() throws Exception {
    Path file = directory.resolve("again.pcap");
    Files.write(file, new byte[5000]);
    PcapFileWriter.create(file, 96).close();
    assertThat(Files.size(file)).isEqualTo(PcapFileWriter.GLOBAL_HEADER_BYTES);
  }
}
