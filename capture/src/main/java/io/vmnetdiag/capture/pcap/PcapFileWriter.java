package io.vmnetdiag.capture.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes one classic pcap file (microsecond timestamps, Ethernet link type) that tcpdump and
 * Wireshark read. Hand-written rather than pcap4j's PcapDumper: it keeps each frame's original
 * length, lets the ring know the exact file size before each record, and costs no native call per
 * packet; records go through a heap buffer, so the capture loop only copies bytes.
 */
final class PcapFileWriter implements Closeable {
  static final int GLOBAL_HEADER_BYTES = 24;
  static final int RECORD_HEADER_BYTES = 16;
  static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r-----");
  private static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
  private static final int LINKTYPE_ETHERNET = 1;
  private static final int BUFFER_BYTES = 256 * 1024;

  private final FileChannel channel;
  private final ByteBuffer buffer;
  private final int snapLength;
  private long bytes;

  private PcapFileWriter(FileChannel channel, int snapLength) {
    this.channel = channel;
    this.snapLength = snapLength;
    this.buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.nativeOrder());
  }

  /** Creates (or replaces) the file with mode 0640 and writes the global header. */
  static PcapFileWriter create(Path path, int snapLength) throws IOException {
    if (snapLength < 1) {
      throw new IllegalArgumentException("snap length must be positive: " + snapLength);
    }
    Files.deleteIfExists(path);
    FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS));
    PcapFileWriter writer = new PcapFileWriter(channel, snapLength);
    try {
      // The umask may have taken bits away from the create mode: set it exactly.
      Files.setPosixFilePermissions(path, FILE_PERMISSIONS);
      writer.buffer.putInt(MAGIC_MICROSECONDS).putShort((short) 2).putShort((short) 4)
          .putInt(0).putInt(0).putInt(snapLength).putInt(LINKTYPE_ETHERNET);
      writer.bytes = GLOBAL_HEADER_BYTES;
      return writer;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Bytes one record takes when {@code capturedLength} bytes of the frame are kept. */
  static long recordBytes(int capturedLength) {
    return RECORD_HEADER_BYTES + (long) capturedLength;
  }

  /** Appends one record keeping at most {@code keep} bytes of the frame (and never more than the snap length). */
  void write(byte[] frame, int keep, int originalLength, long epochMicros) throws IOException {
    int captured = Math.max(0, Math.min(Math.min(keep, frame.length), snapLength));
    if (buffer.remaining() < RECORD_HEADER_BYTES + captured) {
      flush();
    }
    buffer.putInt((int) Math.floorDiv(epochMicros, 1_000_000L))
        .putInt((int) Math.floorMod(epochMicros, 1_000_000L))
        .putInt(captured)
        .putInt(Math.max(originalLength, captured));
    if (captured <= buffer.remaining()) {
      buffer.put(frame, 0, captured);
    } else {
      // Larger than the whole buffer (huge snap lengths): write it straight through.
      flush();
      writeFully(ByteBuffer.wrap(frame, 0, captured));
    }
    bytes += RECORD_HEADER_BYTES + captured;
  }

  /** The file's size once everything written so far is flushed. */
  long bytes() {
    return bytes;
  }

  /** The snap length written into the header: no record keeps more. */
  int snapLength() {
    return snapLength;
  }

  void flush() throws IOException {
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer source) throws IOException {
    while (source.hasRemaining()) {
      channel.write(source);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}
