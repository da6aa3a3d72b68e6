package io.vmnetdiag.capture.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The clock the probes are paced by; tests substitute a fake one. */
public interface Pacer {
  Instant now();

  /** Returns at or after {@code time}. */
  void sleepUntil(Instant time) throws InterruptedException;

  /** The wall clock and Thread.sleep. */
  static Pacer system() {
    return new Pacer() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleepUntil(Instant time) throws InterruptedException {
        // Nanoseconds, not milliseconds: rounding down could put two probes closer than the rate allows.
        long nanos;
        while ((nanos = Duration.between(Instant.now(), time).toNanos()) > 0) {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      }
    };
  }
}
