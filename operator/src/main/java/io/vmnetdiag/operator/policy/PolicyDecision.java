package io.vmnetdiag.operator.policy;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.CapabilityMode;
import io.vmnetdiag.api.v1alpha1.DiagnosisGrant;
import io.vmnetdiag.api.v1alpha1.ProbeMode;

/**
 * What the DiagnosisPolicy says about one diagnosis: the grant that allows it, or why none does.
 *
 * @param grant the first grant allowing the diagnosis; null when denied
 * @param denial why no grant allows it, for the status and the event; null when allowed
 */
public record PolicyDecision(DiagnosisGrant grant, String denial) {

  public static PolicyDecision allowedBy(DiagnosisGrant grant) {
    return new PolicyDecision(grant, null);
  }

  public static PolicyDecision denied(String denial) {
    return new PolicyDecision(null, denial);
  }

  public boolean allowed() {
    return grant != null;
  }

  /**
   * Narrows the agent's request to the grant: no probes unless it allows them (Auto then runs as Never), and the
   * owner tag the agent must find in a libvirt domain's metadata.
   */
  public void applyTo(CaptureRequest request) {
    if (grant.getProbes() == null || grant.getProbes().getMode() != CapabilityMode.Allowed) {
      request.setProbeMode(ProbeMode.Never.name());
    }
    // The owner tag is libvirt metadata of the administrator's domains; a VMI is the tenant's by its namespace.
    request.setRequiredOwner(request.getKubevirt() == null ? grant.getDomainOwner() : null);
  }
}
