package io.vmnetdiag.capture;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.capture.pcap.HopCapture;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one window every armed hop counts in. It closes at its planned end, or earlier when someone watching the
 * evidence says it is conclusive: then every hop stops counting at the same kernel timestamp, as at the planned end.
 */
final class SharedWindow implements CaptureWindow {
  private final List<HopCapture> armed;
  private final long startMicros;
  private volatile long endMicros;
  private final CountDownLatch closedEarly = new CountDownLatch(1);

  SharedWindow(List<HopCapture> armed, long startMicros, long endMicros) {
    this.armed = armed;
    this.startMicros = startMicros;
    this.endMicros = endMicros;
    armed.forEach(capture -> capture.setWindow(startMicros, endMicros));
  }

  @Override
  public List<HopObservation> liveSnapshots() {
    return armed.stream().map(HopCapture::liveSnapshot).toList();
  }

  @Override
  public Instant start() {
    return toInstant(startMicros);
  }

  @Override
  public Instant end() {
    return toInstant(endMicros);
  }

  @Override
  public synchronized void endNow() {
    long now = nowMicros();
    if (now < endMicros) {
      endMicros = now;
      armed.forEach(capture -> capture.setWindow(startMicros, now));
    }
    closedEarly.countDown();
  }

  @Override
  public boolean ended() {
    return nowMicros() >= endMicros;
  }

  boolean endedEarly() {
    return closedEarly.getCount() == 0;
  }

  /** Blocks until the window closes, planned or early. */
  void awaitEnd() throws InterruptedException {
    long remainingMicros;
    while ((remainingMicros = endMicros - nowMicros()) > 0) {
      if (closedEarly.await(remainingMicros, TimeUnit.MICROSECONDS)) {
        return;
      }
    }
  }

  long endMicros() {
    return endMicros;
  }

  static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  private static Instant toInstant(long epochMicros) {
    return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
  }
}
