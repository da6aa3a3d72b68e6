package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.capture.frame.Direction;
import java.util.List;

/**
 * A fixed-size ring of frame copies; once full, each new frame replaces the oldest, which is first offered
 * to an {@link Evictions} (so the last frame of each kind survives the ring without a copy per packet).
 * Copies, because capture sources reuse their frame arrays; a slot's array is reused when the next frame
 * has the same length.
 */
final class SampleBuffer {
  /** Takes the array of a frame leaving the ring and hands back an array the ring may reuse (or null). */
  interface Evictions {
    byte[] evicted(long sequence, byte[] frame, int originalLength, long epochMicros, int kindIndex);
  }

  private static final Evictions DISCARD = (sequence, frame, length, micros, kindIndex) -> frame;

  private final byte[][] frames;
  private final int[] lengths;
  private final long[] times;
  private final long[] sequences;
  private final int[] kindIndexes;
  private final Evictions evictions;
  private long written;
  /** The slot the next frame goes to: {@code written % capacity}, kept apart to spare a division per packet. */
  private int next;

  SampleBuffer(int capacity) {
    this(capacity, DISCARD);
  }

  SampleBuffer(int capacity, Evictions evictions) {
    frames = new byte[capacity][];
    lengths = new int[capacity];
    times = new long[capacity];
    sequences = new long[capacity];
    kindIndexes = new int[capacity];
    this.evictions = evictions;
  }

  /** {@code kindIndex}: {@link KindSamples#index(Direction, PacketKind)} of the frame. */
  void put(long sequence, byte[] frame, int originalLength, long epochMicros, int kindIndex) {
    if (frames.length == 0) {
      return;
    }
    int slot = next;
    byte[] reusable = frames[slot];
    if (written >= frames.length) {
      reusable = evictions.evicted(sequences[slot], reusable, lengths[slot], times[slot], kindIndexes[slot]);
    }
    frames[slot] = copyInto(reusable, frame);
    lengths[slot] = originalLength;
    times[slot] = epochMicros;
    sequences[slot] = sequence;
    kindIndexes[slot] = kindIndex;
    written++;
    next = slot + 1 == frames.length ? 0 : slot + 1;
  }

  static byte[] copyInto(byte[] slot, byte[] frame) {
    if (frame == null) {
      return null;
    }
    byte[] copy = slot != null && slot.length == frame.length ? slot : new byte[frame.length];
    System.arraycopy(frame, 0, copy, 0, frame.length);
    return copy;
  }

  int size() {
    return (int) Math.min(written, frames.length);
  }

  /** The kept frames, oldest first. */
  void keptInto(List<KeptFrame> kept) {
    int size = size();
    long oldest = written - size;
    for (long i = oldest; i < written; i++) {
      int slot = (int) (i % frames.length);
      kept.add(new KeptFrame(sequences[slot], times[slot], frames[slot], lengths[slot],
          KindSamples.direction(kindIndexes[slot]), KindSamples.kind(kindIndexes[slot])));
    }
  }
}
