package io.vmnetdiag.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketRingTest {
  private static final int BLOCK = 4096;
  private static final int MAC = 82;
  private static final long SEC = 1_790_000_000L;

  /** What the sink was given, copied (the ring reuses its arrays). */
  private record Seen(byte[] frame, int originalLength, long micros) {
  }

  private final ByteBuffer buffer = ByteBuffer.allocateDirect(2 * BLOCK).order(ByteOrder.nativeOrder());
  private final List<Seen> seen = new ArrayList<>();
  private final FrameSink sink = (frame, length, micros) -> seen.add(new Seen(frame.clone(), length, micros));

  @Test
  void walksTwoBlocksInOrderCutsToTheSnapLengthAndGivesTheBlocksBack() throws CaptureFailure {
    block(0, packet(60, 60, 1, 0), packet(200, 1514, 2, 0), packet(42, 42, 3, 0));
    block(1, packet(100, 100, 4, 0), packet(96, 96, 5, 0));
    PacketRing ring = new PacketRing(buffer, BLOCK, 2, 96, false);

    assertThat(drain(ring, sink)).isEqualTo(5);

    assertThat(seen).extracting(s -> s.frame().length).containsExactly(60, 96, 42, 96, 96);
    assertThat(seen).extracting(Seen::originalLength).containsExactly(60, 1514, 42, 100, 96);
    assertThat(seen).extracting(Seen::micros).containsExactly(micros(1), micros(2), micros(3), micros(4), micros(5));
    assertThat(seen.get(1).frame()).isEqualTo(pattern(2, 96));
    assertThat(seen.get(3).frame()).isEqualTo(pattern(4, 96));
    assertThat(status(0)).isEqualTo(PacketRing.TP_STATUS_KERNEL);
    assertThat(status(1)).isEqualTo(PacketRing.TP_STATUS_KERNEL);
    assertThat(drain(ring, sink)).as("nothing new").isZero();
  }

  @Test
  void stopsAtTheFirstBlockStillTheKernelsAndResumesThereWrappingRound() throws CaptureFailure {
    block(0, packet(60, 60, 1, 0));
    PacketRing ring = new PacketRing(buffer, BLOCK, 2, 96, false);
    assertThat(drain(ring, sink)).isEqualTo(1);
    assertThat(ring.ready()).isFalse();

    block(1, packet(60, 60, 2, 0));
    block(0, packet(60, 60, 3, 0));
    assertThat(drain(ring, sink)).isEqualTo(2);
    assertThat(seen).extracting(Seen::micros).containsExactly(micros(1), micros(2), micros(3));
  }

  @Test
  void pumpWaitsWhenNothingIsReadyThenDrainsWhatWasHandedOverBeforeTheStop() throws CaptureFailure {
    PacketRing ring = new PacketRing(buffer, BLOCK, 2, 96, false);
    List<String> calls = new ArrayList<>();
    int[] waits = {0};
    PacketRing.Pace pace = new PacketRing.Pace() {
      @Override
      public boolean running() {
        calls.add("running");
        return waits[0] < 3;
      }

      @Override
      public void awaitBlock() {
        // The "kernel" hands a block over during the first wait; during the third, one more, after which we stop.
        waits[0]++;
        calls.add("wait");
        if (waits[0] == 1) {
          block(0, packet(60, 60, 1, 0), packet(60, 60, 2, 0));
        } else if (waits[0] == 3) {
          block(1, packet(60, 60, 3, 0));
        }
      }
    };

    assertThat(ring.pump(sink, pace)).isEqualTo(3);

    assertThat(seen).extracting(Seen::micros).containsExactly(micros(1), micros(2), micros(3));
    assertThat(waits[0]).isEqualTo(3);
    assertThat(calls).startsWith("running", "wait", "running").endsWith("wait", "running");
    assertThat(status(0)).isEqualTo(PacketRing.TP_STATUS_KERNEL);
    assertThat(status(1)).as("the block handed over just before the stop is drained too").isEqualTo(PacketRing.TP_STATUS_KERNEL);
  }

  @Test
  void putsTheVlanTagTheKernelTookOutBackIntoTheFrame() throws CaptureFailure {
    int status = PacketRing.TP_STATUS_VLAN_VALID;
    block(0, packet(60, 60, 1, status, 0x2007));
    PacketRing ring = new PacketRing(buffer, BLOCK, 2, 96, false);

    drain(ring, sink);

    byte[] frame = seen.get(0).frame();
    byte[] original = pattern(1, 60);
    assertThat(frame).hasSize(64);
    assertThat(seen.get(0).originalLength()).isEqualTo(64);
    assertThat(Arrays.copyOfRange(frame, 0, 12)).isEqualTo(Arrays.copyOfRange(original, 0, 12));
    assertThat(Arrays.copyOfRange(frame, 12, 16)).containsExactly(0x81, 0x00, 0x20, 0x07);
    assertThat(Arrays.copyOfRange(frame, 16, 64)).isEqualTo(Arrays.copyOfRange(original, 12, 60));
  }

  @Test
  void aTaggedFrameIsCutToTheSnapLengthAfterTheTagIsBack() throws CaptureFailure {
    block(0, packet(96, 1000, 1, PacketRing.TP_STATUS_VLAN_VALID, 5));
    drain(new PacketRing(buffer, BLOCK, 2, 96, false), sink);
    assertThat(seen.get(0).frame()).hasSize(96);
    assertThat(seen.get(0).originalLength()).isEqualTo(1004);
  }

  @Test
  void skipsFramesTheHostSentWhenAsked() throws CaptureFailure {
    block(0, packet(60, 60, 1, 0), packet(60, 60, 2, 0));
    buffer.put(PacketRing.BLOCK_DESC_BYTES + PacketRing.HDR_SLL_PKTTYPE, (byte) PacketRing.PACKET_OUTGOING);
    assertThat(drain(new PacketRing(buffer, BLOCK, 2, 96, true), sink)).isEqualTo(1);
    assertThat(seen).extracting(Seen::micros).containsExactly(micros(2));
  }

  @Test
  void reusesOneArrayPerLength() throws CaptureFailure {
    List<byte[]> arrays = new ArrayList<>();
    block(0, packet(60, 60, 1, 0), packet(60, 60, 2, 0), packet(70, 70, 3, 0));
    drain(new PacketRing(buffer, BLOCK, 2, 96, false), (frame, length, micros) -> arrays.add(frame));
    assertThat(arrays.get(0)).isSameAs(arrays.get(1));
    assertThat(arrays.get(2)).hasSize(70);
  }

  @Test
  void aCorruptBlockNeverThrowsNorReadsOutsideItAndIsStillGivenBack() {
    block(0, packet(60, 60, 1, 0));
    buffer.putInt(PacketRing.BLOCK_NUM_PKTS, 1_000_000);
    block(1, packet(60, 60, 2, 0));
    buffer.putInt(BLOCK + PacketRing.BLOCK_OFFSET_TO_FIRST_PKT, BLOCK + 100);
    PacketRing ring = new PacketRing(buffer, BLOCK, 2, 96, false);

    assertThatCode(() -> drain(ring, sink)).doesNotThrowAnyException();

    assertThat(seen).extracting(Seen::micros).containsExactly(micros(1));
    assertThat(status(0)).isEqualTo(PacketRing.TP_STATUS_KERNEL);
    assertThat(status(1)).isEqualTo(PacketRing.TP_STATUS_KERNEL);
  }

  @Test
  void aSnapLengthBeyondTheBlockIsCutAtTheBlockEnd() throws CaptureFailure {
    block(0, packet(60, 60, 1, 0));
    buffer.putInt(PacketRing.BLOCK_DESC_BYTES + PacketRing.HDR_SNAPLEN, 1 << 30);
    drain(new PacketRing(buffer, BLOCK, 2, 1 << 20, false), sink);
    assertThat(seen.get(0).frame()).hasSize(BLOCK - PacketRing.BLOCK_DESC_BYTES - MAC);
  }

  /** One packet's fields: captured bytes (a pattern from its number), wire length, number, status, VLAN TCI. */
  private record Packet(int snap, int length, int number, int status, int tci) {
  }

  /** Hands every frame of every block ready now to {@code sink}, as the capture loop does once told to stop. */
  private static long drain(PacketRing ring, FrameSink sink) throws CaptureFailure {
    return ring.pump(sink, new PacketRing.Pace() {
      @Override
      public boolean running() {
        return false;
      }

      @Override
      public void awaitBlock() {
      }
    });
  }

  private static Packet packet(int snap, int length, int number, int status) {
    return new Packet(snap, length, number, status, 0);
  }

  private static Packet packet(int snap, int length, int number, int status, int tci) {
    return new Packet(snap, length, number, status, tci);
  }

  /** Lays packets out in block {@code index} as the kernel does and hands the block to the user. */
  private void block(int index, Packet... packets) {
    int base = index * BLOCK;
    int offset = PacketRing.BLOCK_DESC_BYTES;
    buffer.putInt(base + PacketRing.BLOCK_NUM_PKTS, packets.length);
    buffer.putInt(base + PacketRing.BLOCK_OFFSET_TO_FIRST_PKT, offset);
    for (int i = 0; i < packets.length; i++) {
      Packet p = packets[i];
      int at = base + offset;
      int size = (MAC + p.snap() + 15) & ~15;
      buffer.putInt(at + PacketRing.HDR_NEXT_OFFSET, i == packets.length - 1 ? 0 : size);
      buffer.putInt(at + PacketRing.HDR_SEC, (int) SEC);
      buffer.putInt(at + PacketRing.HDR_NSEC, p.number() * 1000 + 999);
      buffer.putInt(at + PacketRing.HDR_SNAPLEN, p.snap());
      buffer.putInt(at + PacketRing.HDR_LEN, p.length());
      buffer.putInt(at + PacketRing.HDR_STATUS, PacketRing.TP_STATUS_USER | p.status());
      buffer.putShort(at + PacketRing.HDR_MAC, (short) MAC);
      buffer.putInt(at + PacketRing.HDR_VLAN_TCI, p.tci());
      buffer.put(at + PacketRing.HDR_SLL_PKTTYPE, (byte) 0);
      buffer.put(at + MAC, pattern(p.number(), p.snap()));
      offset += size;
    }
    buffer.putInt(base + PacketRing.BLOCK_STATUS, PacketRing.TP_STATUS_USER);
  }

  private static byte[] pattern(int number, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (number * 31 + i);
    }
    return bytes;
  }

  private static long micros(int number) {
    return SEC * 1_000_000L + number;
  }

  private int status(int block) {
    return buffer.getInt(block * BLOCK + PacketRing.BLOCK_STATUS);
  }
}
