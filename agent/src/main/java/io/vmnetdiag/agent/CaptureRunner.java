package io.vmnetdiag.agent;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.capture.CaptureSession;
import io.vmnetdiag.capture.CaptureSettings;
import java.util.List;

/** Captures a list of hops; the seam between the agent's flow and the pcap engine. */
@FunctionalInterface
public interface CaptureRunner {
  List<HopObservation> capture(CaptureSettings settings, List<Hop> hops);

  /** The real engine: pcap4j on every hop at once. */
  static CaptureRunner pcap() {
    return (settings, hops) -> new CaptureSession(settings).run(hops);
  }
}
