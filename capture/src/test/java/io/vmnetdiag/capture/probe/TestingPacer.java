package io.vmnetdiag.capture.probe;

import java.time.Duration;
import java.time.Instant;

/** A virtual clock: sleeping moves it forward at once; each send can cost some time too. */
public final class TestingPacer implements Pacer {
  private Instant now;

  public TestingPacer(Instant start) {
    this.now = start;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public void sleepUntil(Instant time) {
    if (time.isAfter(now)) {
      now = time;
    }
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }
}
