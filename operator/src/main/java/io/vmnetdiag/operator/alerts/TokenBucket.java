package io.vmnetdiag.operator.alerts;

import java.util.function.LongSupplier;

/** At most {@code burst} at once, refilled at {@code perSecond}: how fast alerts may create diagnoses. */
final class TokenBucket {
  private final double perSecond;
  private final int burst;
  private final LongSupplier nanos;
  private double tokens;
  private long last;

  TokenBucket(double perSecond, int burst, LongSupplier nanos) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanos = nanos;
    this.tokens = burst;
    this.last = nanos.getAsLong();
  }

  synchronized boolean tryTake() {
    long now = nanos.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
    last = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Seconds until the next token, for Retry-After. */
  synchronized long secondsToNext() {
    return perSecond <= 0 ? 60 : Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
  }
}
