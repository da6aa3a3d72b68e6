package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.capture.frame.Direction;
import java.util.List;

/**
 * The first and the last frame of every direction and kind a hop saw: whatever floods the window, the one
 * ARP reply handed to the guest or the one SYN-ACK it sent stays quotable. The first is copied when it
 * arrives (once per kind); the last is the one that left the hop's last-frames ring most recently, taken
 * over without a copy, or is still in that ring.
 */
final class KindSamples implements SampleBuffer.Evictions {
  private static final PacketKind[] KINDS = PacketKind.values();
  private static final Direction[] DIRECTIONS = Direction.values();
  static final int SIZE = DIRECTIONS.length * KINDS.length;

  private final byte[][] firstFrames = new byte[SIZE][];
  private final boolean[] hasFirst = new boolean[SIZE];
  private final int[] firstLengths = new int[SIZE];
  private final long[] firstTimes = new long[SIZE];
  private final long[] firstSequences = new long[SIZE];
  private final byte[][] lastFrames = new byte[SIZE][];
  private final boolean[] hasLast = new boolean[SIZE];
  private final int[] lastLengths = new int[SIZE];
  private final long[] lastTimes = new long[SIZE];
  private final long[] lastSequences = new long[SIZE];

  static int index(Direction direction, PacketKind kind) {
    return direction.ordinal() * KINDS.length + kind.ordinal();
  }

  static Direction direction(int index) {
    return DIRECTIONS[index / KINDS.length];
  }

  static PacketKind kind(int index) {
    return KINDS[index % KINDS.length];
  }

  void offerFirst(long sequence, byte[] frame, int originalLength, long epochMicros, int index) {
    if (hasFirst[index]) {
      return;
    }
    hasFirst[index] = true;
    firstFrames[index] = SampleBuffer.copyInto(null, frame);
    firstLengths[index] = originalLength;
    firstTimes[index] = epochMicros;
    firstSequences[index] = sequence;
  }

  @Override
  public byte[] evicted(long sequence, byte[] frame, int originalLength, long epochMicros, int index) {
    byte[] previous = lastFrames[index];
    lastFrames[index] = frame;
    hasLast[index] = true;
    lastLengths[index] = originalLength;
    lastTimes[index] = epochMicros;
    lastSequences[index] = sequence;
    return previous;
  }

  /**
   * Every first frame, and every last one that left the ring unless the ring still holds a later frame of its
   * direction and kind ({@code inRing}, by {@link #index}).
   */
  void keptInto(List<KeptFrame> kept, boolean[] inRing) {
    for (int i = 0; i < SIZE; i++) {
      if (hasFirst[i]) {
        kept.add(new KeptFrame(firstSequences[i], firstTimes[i], firstFrames[i], firstLengths[i], direction(i), kind(i)));
      }
      if (hasLast[i] && !inRing[i]) {
        kept.add(new KeptFrame(lastSequences[i], lastTimes[i], lastFrames[i], lastLengths[i], direction(i), kind(i)));
      }
    }
  }
}
