package io.vmnetdiag.agent.probe;

import io.vmnetdiag.api.v1alpha1.ProbeReport;
import java.time.Instant;

/**
 * Sends the probes, finishing by {@code deadline}; the seam between the policy and the capture engine's prober.
 * {@code learnedAddress} is the address the VM's own frames showed so far (null when none), for a VM whose
 * address nothing else gave.
 */
@FunctionalInterface
public interface ProbeAction {
  ProbeReport probe(Instant deadline, String learnedAddress);
}
