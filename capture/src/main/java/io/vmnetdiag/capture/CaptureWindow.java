package io.vmnetdiag.capture;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import java.time.Instant;
import java.util.List;

/** The capture window as seen from inside it, by whoever acts while every hop is armed (probes, the early-stop watch). */
public interface CaptureWindow {
  /** What each armed hop has seen so far (counts, neighbour lookups, the VM's source addresses), in path order. */
  List<HopObservation> liveSnapshots();

  /** When the window started. */
  Instant start();

  /** When the window ends (sooner once {@link #endNow()} was called). */
  Instant end();

  /** Closes the window for every hop at this moment: the evidence is already conclusive. */
  void endNow();

  /** True once the window has closed, at its planned end or early. */
  boolean ended();
}
