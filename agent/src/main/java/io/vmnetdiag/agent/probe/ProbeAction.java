package io.vmnetdiag.agent.probe;

import io.vmnetdiag.api.v1alpha1.ProbeReport;
import java.time.Instant;

/** Sends the probes, finishing by {@code deadline}; the seam between the policy and the capture engine's prober. */
@FunctionalInterface
public interface ProbeAction {
  ProbeReport probe(Instant deadline);
}
