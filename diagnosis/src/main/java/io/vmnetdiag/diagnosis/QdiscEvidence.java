package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.QdiscDrop;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Qdiscs on the path's devices whose drop counters grew during the window. A qdisc counts every packet through its
 * device, not only the VM's: the line says so for the uplink and the bridge. A loss on the node is put down to a
 * qdisc only when no nftables rule was named, and only for a qdisc on one of the segment's hops.
 */
final class QdiscEvidence {
  static final int MAX_LINES = 2;
  private static final Set<VerdictReason> LOSS_ON_NODE = Set.of(VerdictReason.LostInsideHost, VerdictReason.LostOnEgress);

  private QdiscEvidence() {
  }

  private record Hit(HopObservation hop, QdiscDrop qdisc) {
  }

  static Finding noting(Finding finding, PathView view) {
    List<Hit> hits = new ArrayList<>();
    for (HopObservation hop : view.reportedHops()) {
      for (QdiscDrop qdisc : hop.getQdiscDrops()) {
        hits.add(new Hit(hop, qdisc));
      }
    }
    if (hits.isEmpty()) {
      return finding;
    }
    hits.sort(Comparator.comparingLong(hit -> -hit.qdisc().getDrops()));
    Finding noted = finding;
    if (LOSS_ON_NODE.contains(finding.reason()) && !finding.summary().contains(FirewallEvidence.NAMES_THE_CAUSE)) {
      Hit cause = hits.get(0);
      String summary = finding.summary().endsWith(".")
          ? finding.summary().substring(0, finding.summary().length() - 1) : finding.summary();
      noted = new Finding(finding.reason(), finding.location(), summary + "; the kernel counted drops: " + name(cause)
          + " dropped " + cause.qdisc().getDrops() + " packets during the window.",
          finding.reliesOnAbsenceAt(), finding.quotes(), finding.notes());
    }
    for (Hit hit : hits.subList(0, Math.min(hits.size(), MAX_LINES))) {
      noted = noted.noting(name(hit) + " dropped " + hit.qdisc().getDrops() + " packets"
          + (hit.qdisc().getOverlimits() > 0 ? " (over its limit " + hit.qdisc().getOverlimits() + " times)" : "")
          + " during the window" + (hit.hop().getRole() == HopRole.Tap ? ""
          : ", counting every packet through the device, not only the VM's"));
    }
    return noted;
  }

  /** "qdisc netem 8001: (parent root) on tap vnet3". */
  private static String name(Hit hit) {
    return "qdisc " + hit.qdisc().getKind() + " " + hit.qdisc().getHandle() + " (parent " + hit.qdisc().getParent()
        + ") on " + PathView.label(hit.hop());
  }
}
