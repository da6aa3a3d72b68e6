package io.vmnetdiag.capture.pcap;

import java.nio.ByteBuffer;

/** Minimal 60-byte Ethernet ARP requests whose target IP tells them apart (10.1.x.y from the index). */
final class ArpFrames {
  private ArpFrames() {
  }

  static byte[] request(int index) {
    ByteBuffer frame = ByteBuffer.allocate(60);
    frame.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short) 0x0806);
    frame.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
    frame.put(new byte[] {2, 0, 0, 0, 0, 1}).put(new byte[] {10, 1, (byte) 255, (byte) 254});
    frame.put(new byte[6]).put(new byte[] {10, 1, (byte) (index >> 8), (byte) index});
    return frame.array();
  }

  /** The target IP of a frame built by {@link #request}, as its index. */
  static int indexOf(byte[] frame) {
    return ((frame[40] & 0xff) << 8) | (frame[41] & 0xff);
  }
}
