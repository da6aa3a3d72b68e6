package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.KernelDropsState;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kernel's drop reasons (skb:kfree_skb) in the evidence. They are node-wide counts, so they are only quoted:
 * never a verdict's reason or location. Counts the agent tied to a hop are noted before the packet quotes; the
 * node-wide rest, or why none could be counted, is one line after them.
 */
final class DropReasonEvidence {
  static final int MAX_TIED_LINES = 2;
  static final int NODE_WIDE_SHOWN = 3;
  static final Set<VerdictReason> LOSS_ON_NODE = Set.of(VerdictReason.LostInsideHost, VerdictReason.LostOnEgress);

  private DropReasonEvidence() {
  }

  /** Notes the counts tied to the path's hops. */
  static Finding noting(Finding finding, PathView view) {
    Finding noted = finding;
    int lines = 0;
    for (HopObservation hop : view.reportedHops()) {
      for (DropReasonCount count : hop.getDropReasons()) {
        if (lines++ < MAX_TIED_LINES) {
          noted = noted.noting("the kernel dropped " + count.getCount() + " packets with reason " + count.getReason()
              + " in " + count.getFunction() + " during the window (node-wide), tied to " + PathView.label(hop)
              + (count.getAttribution() == null ? "" : ": " + count.getAttribution()));
        }
      }
    }
    return noted;
  }

  /** The node-wide line: the counts not tied to the path, or why none were counted; empty when there is nothing. */
  static Optional<String> nodeWideLine(KernelDrops drops) {
    if (drops == null || drops.getState() == null) {
      return Optional.empty();
    }
    if (drops.getState() == KernelDropsState.NotAvailable) {
      return Optional.of("kernel drop reasons not available: " + drops.getMessage());
    }
    List<DropReasonCount> shown = drops.getUnattributed() == null ? List.of()
        : drops.getUnattributed().stream().filter(count -> count != null && count.getReason() != null).toList();
    if (shown.isEmpty() && drops.getLost() == 0) {
      return Optional.empty();
    }
    return Optional.of("node-wide kernel drop reasons not attributed to the VM's path: " + (shown.isEmpty() ? "none"
        : shown.stream().limit(NODE_WIDE_SHOWN).map(count -> count.getReason() + " in " + count.getFunction()
            + " " + count.getCount()).collect(Collectors.joining(", "))
        + (shown.size() > NODE_WIDE_SHOWN ? ", ..." : ""))
        + (drops.getLost() > 0 ? " (" + drops.getLost() + " more events not counted)" : ""));
  }
}
