package io.vmnetdiag.capture.frame;

import io.vmnetdiag.api.v1alpha1.PacketKind;

/**
 * A classified frame: its direction (null when it neither comes from nor goes to the VM) and kind.
 * Instances are shared constants, so classifying allocates nothing.
 */
public record FrameClass(Direction direction, PacketKind kind) {
  private static final FrameClass[][] CACHE = new FrameClass[Direction.values().length + 1][];

  static {
    for (int d = 0; d < CACHE.length; d++) {
      Direction direction = d == 0 ? null : Direction.values()[d - 1];
      CACHE[d] = new FrameClass[PacketKind.values().length];
      for (PacketKind kind : PacketKind.values()) {
        CACHE[d][kind.ordinal()] = new FrameClass(direction, kind);
      }
    }
  }

  /** The shared instance for this pair. */
  public static FrameClass of(Direction direction, PacketKind kind) {
    return CACHE[direction == null ? 0 : direction.ordinal() + 1][kind.ordinal()];
  }

  /** True when the frame comes from or goes to the VM. */
  public boolean isRelated() {
    return direction != null;
  }
}
