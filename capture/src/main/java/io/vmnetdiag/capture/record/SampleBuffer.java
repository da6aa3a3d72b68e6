package io.vmnetdiag.capture.record;

import io.vmnetdiag.capture.frame.TcpdumpLine;
import java.util.List;

/**
 * A fixed-size ring of frame copies; once full, each new frame replaces the oldest. Copies, because capture
 * sources reuse their frame arrays; a slot's array is reused when the next frame has the same length.
 */
final class SampleBuffer {
  private final byte[][] frames;
  private final int[] lengths;
  private final long[] times;
  private long written;
  /** The slot the next frame goes to: {@code written % capacity}, kept apart to spare a division per packet. */
  private int next;

  SampleBuffer(int capacity) {
    frames = new byte[capacity][];
    lengths = new int[capacity];
    times = new long[capacity];
  }

  void put(byte[] frame, int originalLength, long epochMicros) {
    if (frames.length == 0) {
      return;
    }
    int slot = next;
    frames[slot] = copyInto(frames[slot], frame);
    lengths[slot] = originalLength;
    times[slot] = epochMicros;
    written++;
    next = slot + 1 == frames.length ? 0 : slot + 1;
  }

  private static byte[] copyInto(byte[] slot, byte[] frame) {
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

  /** Prints the kept frames, oldest first, like tcpdump. */
  void printInto(List<String> lines) {
    int size = size();
    long oldest = written - size;
    for (long i = oldest; i < written; i++) {
      int slot = (int) (i % frames.length);
      lines.add(TcpdumpLine.format(times[slot], frames[slot], lengths[slot]));
    }
  }
}
