package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.BridgePortState;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Bridge ports of the path (the uplink, the VM's tap) that are not forwarding, as resolution read them from the
 * kernel: a bridge passes no frame to or from a disabled, blocking, listening or learning port. Always a line of
 * evidence; the cause of a loss on the node when the port is one end of the segment where packets vanished.
 */
final class PortStateEvidence {
  private static final Set<VerdictReason> LOSS_ON_NODE = Set.of(VerdictReason.LostInsideHost, VerdictReason.LostOnEgress);

  private PortStateEvidence() {
  }

  static Finding noting(Finding finding, PathView view) {
    List<Hop> stuck = view.plannedHops().stream()
        .filter(hop -> hop.getPortState() != null && hop.getPortState() != BridgePortState.Forwarding).toList();
    if (stuck.isEmpty()) {
      return finding;
    }
    String bridge = view.plannedHops().stream().filter(hop -> hop.getRole() == HopRole.Bridge)
        .map(Hop::getInterfaceName).findFirst().orElse(null);
    Finding noted = finding;
    List<String> segment = Arrays.asList(finding.location().split("->"));
    Hop cause = stuck.stream().filter(hop -> segment.contains(HopRole.word(hop.getRole()))).findFirst().orElse(null);
    if (LOSS_ON_NODE.contains(finding.reason()) && cause != null && segment.size() == 2) {
      String summary = finding.summary().endsWith(".")
          ? finding.summary().substring(0, finding.summary().length() - 1) : finding.summary();
      noted = new Finding(finding.reason(), finding.location(), summary + FirewallEvidence.NAMES_THE_CAUSE
          + port(cause, bridge) + " is in state " + cause.getPortState().kernelName() + ", so the bridge forwards"
          + " no frame to or from it.", finding.reliesOnAbsenceAt(), finding.quotes(), finding.notes());
    }
    for (Hop hop : stuck) {
      noted = noted.noting(port(hop, bridge) + ": state " + hop.getPortState().kernelName()
          + " (not forwarding: the bridge passes no frame to or from it)");
    }
    return noted;
  }

  /** "bridge port tap vnet3 of vndbr0". */
  private static String port(Hop hop, String bridge) {
    return "bridge port " + HopRole.label(hop.getRole(), hop.getInterfaceName()) + (bridge == null ? "" : " of " + bridge);
  }
}
