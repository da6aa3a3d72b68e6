package io.vmnetdiag.agent.window;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.CaptureWindow;
import io.vmnetdiag.capture.probe.Pacer;
import io.vmnetdiag.diagnosis.ConclusiveEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Watches the tap while the window runs and closes it as soon as the evidence is conclusive and has stayed so:
 * a wedged guest is proven in seconds, and waiting out a long window only delays the answer. Evidence must hold
 * for {@link #HOLD} and the window must be at least {@link #MIN_SPAN} old, so one burst never decides alone.
 */
public final class EarlyStopWatch {
  /** How long the conclusive evidence must keep holding before the window closes. */
  public static final Duration HOLD = Duration.ofSeconds(1);
  /** The shortest window that may close early. */
  public static final Duration MIN_SPAN = Duration.ofMillis(1500);
  /** How often the tap's counts are read. */
  static final Duration POLL = Duration.ofMillis(200);

  private final Pacer clock;
  private volatile String reason;

  public EarlyStopWatch(Pacer clock) {
    this.clock = clock;
  }

  /** Watches until the window closes; ends it early when the evidence is conclusive. Never throws. */
  public void watch(CaptureWindow window) {
    Instant heldSince = null;
    try {
      while (!window.ended()) {
        Optional<String> conclusive = tap(window).flatMap(ConclusiveEvidence::atTap);
        Instant now = clock.now();
        if (conclusive.isEmpty()) {
          heldSince = null;
        } else if (heldSince == null) {
          heldSince = now;
        } else if (!now.isBefore(heldSince.plus(HOLD)) && !now.isBefore(window.start().plus(MIN_SPAN))) {
          reason = conclusive.get() + ", for " + Duration.between(heldSince, now).toMillis() + " ms";
          window.endNow();
          return;
        }
        clock.sleepUntil(now.plus(POLL));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Why the window ended early, or empty when it ran its course. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  private static Optional<HopObservation> tap(CaptureWindow window) {
    return window.liveSnapshots().stream().filter(hop -> hop.getRole() == HopRole.Tap).findFirst();
  }
}
