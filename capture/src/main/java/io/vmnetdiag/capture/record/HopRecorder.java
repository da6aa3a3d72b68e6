package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.TrafficCounts;
import io.vmnetdiag.capture.frame.Direction;
import io.vmnetdiag.capture.frame.TcpdumpLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Tallies one hop's packets by direction and kind and keeps the first and the last few related
 * frames as samples. Frames are kept as references (the capture library hands over a fresh array
 * per packet) and printed only at the end, so recording costs no allocation and memory stays
 * bounded by 2 x sampleLines frames. Not thread-safe: one capture thread writes, readers wait for it.
 */
public final class HopRecorder {
  private final TrafficCounts toVm = new TrafficCounts();
  private final TrafficCounts fromVm = new TrafficCounts();
  private final int sampleLines;
  private final SampleBuffer first;
  private final SampleBuffer last;
  private long packets;
  // Written by the capture thread only; volatile so the probe policy can read a live count.
  private volatile long related;

  /** Keeps up to {@code sampleLines} samples from the start and as many from the end of the window. */
  public HopRecorder(int sampleLines) {
    if (sampleLines < 0) {
      throw new IllegalArgumentException("sampleLines must not be negative: " + sampleLines);
    }
    this.sampleLines = sampleLines;
    this.first = new SampleBuffer(sampleLines);
    this.last = new SampleBuffer(sampleLines);
  }

  /** Records one captured frame; {@code direction} null means it neither came from nor went to the VM. */
  public void record(Direction direction, PacketKind kind, byte[] frame, int originalLength, long epochMicros) {
    packets++;
    if (direction == null) {
      return;
    }
    related++;
    (direction == Direction.ToVm ? toVm : fromVm).add(kind, 1);
    if (related <= sampleLines) {
      first.put(frame, originalLength, epochMicros);
    } else if (sampleLines > 0) {
      last.put(frame, originalLength, epochMicros);
    }
  }

  /** All frames recorded, related to the VM or not. */
  public long packets() {
    return packets;
  }

  /** Frames to or from the VM. */
  public long relatedPackets() {
    return related;
  }

  public TrafficCounts toVm() {
    return toVm;
  }

  public TrafficCounts fromVm() {
    return fromVm;
  }

  /** The first and then the last samples in capture order, printed like tcpdump. */
  public List<String> samples() {
    List<String> lines = new ArrayList<>(first.size() + last.size());
    first.printInto(lines);
    last.printInto(lines);
    return lines;
  }

  /** A fixed-size ring of frames; once full, each new frame replaces the oldest. */
  private static final class SampleBuffer {
    private final byte[][] frames;
    private final int[] lengths;
    private final long[] times;
    private long written;

    SampleBuffer(int capacity) {
      frames = new byte[capacity][];
      lengths = new int[capacity];
      times = new long[capacity];
    }

    void put(byte[] frame, int originalLength, long epochMicros) {
      int slot = (int) (written % frames.length);
      frames[slot] = frame;
      lengths[slot] = originalLength;
      times[slot] = epochMicros;
      written++;
    }

    int size() {
      return (int) Math.min(written, frames.length);
    }

    void printInto(List<String> lines) {
      int size = size();
      long oldest = written - size;
      for (long i = oldest; i < written; i++) {
        int slot = (int) (i % frames.length);
        lines.add(TcpdumpLine.format(times[slot], frames[slot], lengths[slot]));
      }
    }
  }
}
