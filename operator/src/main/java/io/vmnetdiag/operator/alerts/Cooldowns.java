package io.vmnetdiag.operator.alerts;

import io.vmnetdiag.api.v1alpha1.DiagnosisTriggerSpec;
import java.time.Duration;

/** Reads a trigger's cooldown (such as 15m); the schema's pattern holds, so only units need care. */
final class Cooldowns {
  private Cooldowns() {
  }

  static Duration of(DiagnosisTriggerSpec spec) {
    String text = spec.getCooldown() == null || !spec.getCooldown().matches(DiagnosisTriggerSpec.COOLDOWN_PATTERN)
        ? DiagnosisTriggerSpec.DEFAULT_COOLDOWN : spec.getCooldown();
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
