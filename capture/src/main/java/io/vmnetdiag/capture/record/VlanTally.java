package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.v1alpha1.VlanCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Frames per 802.1Q VLAN id: one counter per possible id (4096), so no id is ever lost. */
final class VlanTally {
  private static final int IDS = 4096;
  private final long[] frames = new long[IDS];

  void add(int vlanId) {
    if (vlanId >= 0 && vlanId < IDS) {
      frames[vlanId]++;
    }
  }

  /** The ids seen, most frames first (ties by id), at most {@code limit} of them. */
  List<VlanCount> top(int limit) {
    List<VlanCount> seen = new ArrayList<>();
    for (int id = 0; id < IDS; id++) {
      if (frames[id] > 0) {
        seen.add(new VlanCount(id, frames[id]));
      }
    }
    seen.sort(Comparator.comparingLong(VlanCount::getPackets).reversed().thenComparingInt(VlanCount::getVlanId));
    return new ArrayList<>(seen.subList(0, Math.min(limit, seen.size())));
  }
}
