package io.vmnetdiag.capture.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a classic pcap file (either byte order, microsecond or nanosecond timestamps, Ethernet) and hands each
 * record to a sink, as a live capture would: recorded cases are replayed through the same classifier and
 * recorder as the node's traffic. Never reads past a record's announced length; a damaged file is an error.
 */
public final class PcapFileReader {
  private static final int MAGIC_MICROS = 0xa1b2c3d4;
  private static final int MAGIC_NANOS = 0xa1b23c4d;
  private static final int LINKTYPE_ETHERNET = 1;
  /** Larger than any snap length a capture uses; a record claiming more is damage, not a frame. */
  private static final int MAX_RECORD_BYTES = 262_144;

  /** One record as read: the captured bytes, the frame's length on the wire, its timestamp. */
  @FunctionalInterface
  public interface RecordSink {
    void accept(byte[] frame, int originalLength, long epochMicros);
  }

  private PcapFileReader() {
  }

  /** Reads every record of {@code file} in order; returns how many there were. */
  public static long read(Path file, RecordSink sink) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      ByteBuffer header = ByteBuffer.wrap(readFully(in, 24, file, "global header"));
      int magic = header.order(ByteOrder.BIG_ENDIAN).getInt(0);
      ByteOrder order = ByteOrder.BIG_ENDIAN;
      if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
        order = ByteOrder.LITTLE_ENDIAN;
        magic = header.order(order).getInt(0);
      }
      if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
        throw new IOException(file + " is not a classic pcap file (magic " + Integer.toHexString(magic) + ")");
      }
      header.order(order);
      if (header.getInt(20) != LINKTYPE_ETHERNET) {
        throw new IOException(file + " is not an Ethernet capture (link type " + header.getInt(20) + ")");
      }
      boolean nanos = magic == MAGIC_NANOS;
      long records = 0;
      byte[] recordHeader = new byte[16];
      while (in.readNBytes(recordHeader, 0, 16) == 16) {
        ByteBuffer record = ByteBuffer.wrap(recordHeader).order(order);
        long seconds = Integer.toUnsignedLong(record.getInt());
        long fraction = Integer.toUnsignedLong(record.getInt());
        int captured = record.getInt();
        int original = record.getInt();
        if (captured < 0 || captured > MAX_RECORD_BYTES) {
          throw new IOException(file + ": record " + (records + 1) + " claims " + captured + " bytes");
        }
        byte[] frame = readFully(in, captured, file, "record " + (records + 1));
        sink.accept(frame, original, seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction));
        records++;
      }
      return records;
    }
  }

  private static byte[] readFully(InputStream in, int length, Path file, String what) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new IOException(file + " ends inside its " + what);
    }
    return bytes;
  }
}
