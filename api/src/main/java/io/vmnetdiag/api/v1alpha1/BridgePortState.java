package io.vmnetdiag.api.v1alpha1;

import java.util.Locale;
import java.util.Optional;

/** A Linux bridge port's STP state (IFLA_BRPORT_STATE); only a forwarding port passes frames either way. */
public enum BridgePortState {
  Disabled(0),
  Listening(1),
  Learning(2),
  Forwarding(3),
  Blocking(4);

  private final int kernelValue;

  BridgePortState(int kernelValue) {
    this.kernelValue = kernelValue;
  }

  /** The state for the kernel's BR_STATE_* value; empty for a value the kernel does not define. */
  public static Optional<BridgePortState> fromKernel(int value) {
    for (BridgePortState state : values()) {
      if (state.kernelValue == value) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }

  public int kernelValue() {
    return kernelValue;
  }

  /** As {@code bridge link} prints it: "disabled", "forwarding", ... */
  public String kernelName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
