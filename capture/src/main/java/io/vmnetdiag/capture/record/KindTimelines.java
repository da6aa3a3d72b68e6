package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.v1alpha1.KindTimeline;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.capture.frame.Direction;
import io.vmnetdiag.capture.frame.PacketSamples;
import java.util.ArrayList;
import java.util.List;

/** First and last timestamp per direction and kind: when did the SYNs start, when did replies stop. */
final class KindTimelines {
  private static final int KINDS = PacketKind.values().length;

  private final boolean[] seen = new boolean[2 * KINDS];
  private final long[] first = new long[2 * KINDS];
  private final long[] last = new long[2 * KINDS];

  void add(Direction direction, PacketKind kind, long epochMicros) {
    int i = direction.ordinal() * KINDS + kind.ordinal();
    if (!seen[i]) {
      seen[i] = true;
      first[i] = epochMicros;
      last[i] = epochMicros;
      return;
    }
    // Kernel timestamps of one handle can step back a little (per-CPU queues): keep the extremes.
    first[i] = min(first[i], epochMicros);
    last[i] = max(last[i], epochMicros);
  }

  // Branch-free for timestamps (no overflow between them): a branch that was never taken while the JIT
  // profiled (time only rising) would be compiled as a trap, and the first repeated or stepped-back
  // timestamp would throw the whole compiled capture loop away for recompilation.
  private static long min(long a, long b) {
    long d = a - b;
    return b + (d & (d >> 63));
  }

  private static long max(long a, long b) {
    long d = a - b;
    return a - (d & (d >> 63));
  }

  /** One entry per direction and kind seen: towards the VM first, then from it, each in kind order. */
  List<KindTimeline> entries() {
    List<KindTimeline> entries = new ArrayList<>();
    for (Direction direction : List.of(Direction.ToVm, Direction.FromVm)) {
      for (PacketKind kind : PacketKind.values()) {
        int i = direction.ordinal() * KINDS + kind.ordinal();
        if (seen[i]) {
          entries.add(new KindTimeline(direction.name(), kind, format(first[i]), format(last[i])));
        }
      }
    }
    return entries;
  }

  static String format(long epochMicros) {
    return PacketSamples.time(epochMicros);
  }
}
