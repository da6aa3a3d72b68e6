package io.vmnetdiag.capture.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads classic pcap files back for tests, independently of the writer, and asks tcpdump when it is there. */
final class PcapRecords {
  record Header(int magic, int major, int minor, int snapLength, int linkType) {
  }

  record Record(long epochMicros, int capturedLength, int originalLength, byte[] data) {
  }

  private PcapRecords() {
  }

  static Header header(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
    return new Header(buffer.getInt(), buffer.getShort(), buffer.getShort(), buffer.getInt(16), buffer.getInt(20));
  }

  static List<Record> records(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
    buffer.position(PcapFileWriter.GLOBAL_HEADER_BYTES);
    List<Record> records = new ArrayList<>();
    while (buffer.remaining() >= PcapFileWriter.RECORD_HEADER_BYTES) {
      long seconds = Integer.toUnsignedLong(buffer.getInt());
      long micros = Integer.toUnsignedLong(buffer.getInt());
      int captured = buffer.getInt();
      int original = buffer.getInt();
      byte[] data = new byte[captured];
      buffer.get(data);
      records.add(new Record(seconds * 1_000_000L + micros, captured, original, data));
    }
    if (buffer.hasRemaining()) {
      throw new IOException(file + " ends in a partial record");
    }
    return records;
  }

  /** The lines {@code tcpdump -nn -r FILE} prints; fails when tcpdump rejects the file. */
  static List<String> tcpdump(Path file) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("tcpdump", "-nn", "-r", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("tcpdump -r " + file + " failed with " + process.exitValue());
    }
    return output.isEmpty() ? List.of() : List.of(output.split("\n"));
  }
}
