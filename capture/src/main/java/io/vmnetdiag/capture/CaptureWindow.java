package io.vmnetdiag.capture;

import java.time.Instant;

/** The capture window as seen from inside it, by whoever acts while every hop is armed (probes). */
public interface CaptureWindow {
  /** Packets to or from the VM seen so far on all hops together; a live, approximate count. */
  long relatedPacketsSoFar();

  /** When the window started. */
  Instant start();

  /** When the window ends. */
  Instant end();
}
