package io.vmnetdiag.agent;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.capture.CaptureSession;
import io.vmnetdiag.capture.CaptureSettings;
import io.vmnetdiag.capture.CaptureWindow;
import java.util.List;
import java.util.function.Consumer;

/** Captures a list of hops; the seam between the agent's flow and the pcap engine. */
@FunctionalInterface
public interface CaptureRunner {
  /** Captures {@code hops}; calls {@code whileArmed} on its own thread once every hop is armed (the probes). */
  List<HopObservation> capture(CaptureSettings settings, List<Hop> hops, Consumer<CaptureWindow> whileArmed);

  /** The real engine: pcap4j on every hop at once. */
  static CaptureRunner pcap() {
    return (settings, hops, whileArmed) -> new CaptureSession(settings).run(hops, whileArmed);
  }
}
