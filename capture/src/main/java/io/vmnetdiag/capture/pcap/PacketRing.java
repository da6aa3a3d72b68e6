package io.vmnetdiag.capture.pcap;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Walks a TPACKET_V3 receive ring (the kernel's blocks of packets, shared through mmap) and hands each
 * frame to a {@link FrameSink} with no native call per packet: the kernel marks a block as the user's,
 * we read its packets through one ByteBuffer and give the block back. Offsets are those of
 * {@code linux/if_packet.h} on 64-bit Linux (x86_64, aarch64); {@code PacketRingLayoutTest} checks them.
 */
final class PacketRing {
  // struct tpacket_block_desc { __u32 version; __u32 offset_to_priv; struct tpacket_hdr_v1 hdr; }
  static final int BLOCK_STATUS = 8;
  static final int BLOCK_NUM_PKTS = 12;
  static final int BLOCK_OFFSET_TO_FIRST_PKT = 16;
  static final int BLOCK_DESC_BYTES = 48;
  // struct tpacket3_hdr
  static final int HDR_NEXT_OFFSET = 0;
  static final int HDR_SEC = 4;
  static final int HDR_NSEC = 8;
  static final int HDR_SNAPLEN = 12;
  static final int HDR_LEN = 16;
  static final int HDR_STATUS = 20;
  static final int HDR_MAC = 24;
  static final int HDR_VLAN_TCI = 32;
  static final int HDR_VLAN_TPID = 36;
  static final int HDR_BYTES = 48;
  /** The struct sockaddr_ll the kernel puts right after the (aligned) tpacket3_hdr. */
  static final int HDR_SLL_PKTTYPE = HDR_BYTES + 10;
  static final int TP_STATUS_KERNEL = 0;
  static final int TP_STATUS_USER = 1;
  static final int TP_STATUS_VLAN_VALID = 0x10;
  static final int TP_STATUS_VLAN_TPID_VALID = 0x40;
  static final int PACKET_OUTGOING = 4;
  private static final int VLAN_TAG_BYTES = 4;
  private static final int MAC_BYTES = 12;
  private static final int ETH_P_8021Q = 0x8100;
  /** Frames up to this many captured bytes reuse one array per length; longer ones get a fresh array. */
  private static final int MAX_REUSED_LENGTH = 2048;
  // Acquire/release on block_status (the kernel fills a block before it flips the status to the user's, and
  // must not see it flipped back before we are done reading) through fences around plain reads and writes:
  // a VarHandle access on a ByteBuffer runs a chain of library methods that, called once per block, would be
  // interpreted and then compiled piecemeal for seconds into the capture.
  private final ByteBuffer ring;
  private final int blockSize;
  private final int blockCount;
  private final int snapLength;
  private final boolean skipOutgoing;
  private final byte[][] byLength;
  private int block;

  /**
   * {@code ring} covers {@code blockCount} blocks of {@code blockSize} bytes; frames are cut to {@code snapLength}.
   * {@code skipOutgoing} drops frames the host sent (on loopback each one is seen twice otherwise, as libpcap knows).
   */
  PacketRing(ByteBuffer ring, int blockSize, int blockCount, int snapLength, boolean skipOutgoing) {
    if (blockSize < BLOCK_DESC_BYTES || blockCount < 1 || (long) blockSize * blockCount > ring.capacity()) {
      throw new IllegalArgumentException("A ring of " + blockCount + " blocks of " + blockSize
          + " bytes does not fit " + ring.capacity() + " bytes");
    }
    this.ring = ring.duplicate().order(ByteOrder.nativeOrder());
    this.blockSize = blockSize;
    this.blockCount = blockCount;
    this.snapLength = Math.max(1, snapLength);
    this.skipOutgoing = skipOutgoing;
    this.byLength = new byte[Math.min(this.snapLength, MAX_REUSED_LENGTH) + 1][];
  }

  /** What the ring does between blocks: whether to carry on, and how to wait when no block is ready. */
  interface Pace {
    /** False once the loop should end (checked before each block). */
    boolean running();

    /** Waits a while for the kernel to hand a block over; may return early or without one. */
    void awaitBlock() throws CaptureFailure;
  }

  /**
   * Hands every frame to {@code sink}, in order, block after block, until {@code pace} says stop; then
   * drains the blocks already handed over (at most one lap of the ring). Returns the number of frames.
   *
   * <p>The whole walk, down to the loop over a block's packets, lives in this one method on purpose: the
   * JIT compiles it in place once (on-stack replacement) and the thread stays in compiled code for the
   * rest of the capture. A method returning after each block would be re-entered in the interpreter
   * every time and, at a few blocks per second, run there for seconds before being called often enough
   * to be compiled.
   */
  long pump(FrameSink sink, Pace pace) throws CaptureFailure {
    long frames = 0;
    int tail = -1; // blocks still to drain once stopping; -1 while running
    while (tail != 0) {
      if (tail < 0 && !pace.running()) {
        tail = blockCount;
      }
      int base = block * blockSize;
      if (!ready(base)) {
        if (tail >= 0) {
          break;
        }
        pace.awaitBlock();
        continue;
      }
      if (tail > 0) {
        tail--;
      }
      try {
        int packets = ring.getInt(base + BLOCK_NUM_PKTS);
        int offset = ring.getInt(base + BLOCK_OFFSET_TO_FIRST_PKT);
        for (int i = 0; i < packets; i++) {
          // A corrupt offset must not walk us out of the block (or into the next one).
          if (offset < BLOCK_DESC_BYTES || offset > blockSize - HDR_BYTES) {
            break;
          }
          int packet = base + offset;
          if (deliver(packet, blockSize - offset, sink)) {
            frames++;
          }
          int next = ring.getInt(packet + HDR_NEXT_OFFSET);
          if (next <= 0) {
            break;
          }
          offset += next;
        }
      } finally {
        // Give the block back even when the sink threw, or the ring would stall on it for good.
        VarHandle.releaseFence();
        ring.putInt(base + BLOCK_STATUS, TP_STATUS_KERNEL);
        block = (block + 1) % blockCount;
      }
    }
    return frames;
  }

  /** True when the next block to read is the user's. */
  boolean ready() {
    return ready(block * blockSize);
  }

  private boolean ready(int base) {
    int status = ring.getInt(base + BLOCK_STATUS);
    VarHandle.acquireFence();
    return (status & TP_STATUS_USER) != 0;
  }

  private boolean deliver(int packet, int room, FrameSink sink) {
    if (skipOutgoing && room > HDR_SLL_PKTTYPE && (ring.get(packet + HDR_SLL_PKTTYPE) & 0xff) == PACKET_OUTGOING) {
      return false;
    }
    int status = ring.getInt(packet + HDR_STATUS);
    int mac = ring.getShort(packet + HDR_MAC) & 0xffff;
    long snap = ring.getInt(packet + HDR_SNAPLEN) & 0xffffffffL;
    int originalLength = ring.getInt(packet + HDR_LEN);
    int captured = (int) Math.min(Math.min(snap, room - mac), snapLength);
    if (mac < HDR_BYTES || captured < 0) {
      return false;
    }
    long micros = (ring.getInt(packet + HDR_SEC) & 0xffffffffL) * 1_000_000L
        + (ring.getInt(packet + HDR_NSEC) & 0xffffffffL) / 1000;
    byte[] frame;
    if ((status & TP_STATUS_VLAN_VALID) != 0 && snap >= MAC_BYTES) {
      // The kernel took the 802.1Q tag out of the frame; put it back where it was, as libpcap does.
      int tagged = (int) Math.min(snap + VLAN_TAG_BYTES, Math.min(room - mac + VLAN_TAG_BYTES, snapLength));
      frame = array(tagged);
      int tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0 ? ring.getShort(packet + HDR_VLAN_TPID) & 0xffff : ETH_P_8021Q;
      int tci = ring.getInt(packet + HDR_VLAN_TCI) & 0xffff;
      int head = Math.min(MAC_BYTES, tagged);
      ring.get(packet + mac, frame, 0, head);
      int tag = tpid << 16 | tci;
      for (int i = head; i < Math.min(MAC_BYTES + VLAN_TAG_BYTES, tagged); i++) {
        frame[i] = (byte) (tag >>> (8 * (MAC_BYTES + VLAN_TAG_BYTES - 1 - i)));
      }
      if (tagged > MAC_BYTES + VLAN_TAG_BYTES) {
        ring.get(packet + mac + MAC_BYTES, frame, MAC_BYTES + VLAN_TAG_BYTES, tagged - MAC_BYTES - VLAN_TAG_BYTES);
      }
      originalLength += VLAN_TAG_BYTES;
    } else {
      frame = array(captured);
      ring.get(packet + mac, frame, 0, captured);
    }
    sink.accept(frame, originalLength, micros);
    return true;
  }

  /** A reused array of exactly {@code length} bytes (the sink reads the captured length from it). */
  private byte[] array(int length) {
    if (length >= byLength.length) {
      return new byte[length];
    }
    byte[] array = byLength[length];
    if (array == null) {
      array = new byte[length];
      byLength[length] = array;
    }
    return array;
  }
}
