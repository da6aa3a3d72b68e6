package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The nftables rules the agent tied to the path's hops (counters that moved during the window, drop rules without a
 * counter): the kernel's own word on why packets were lost. A drop rule whose counter grew is named as the cause of
 * a loss on the node; the others are quoted as they are, and a drop rule without a counter is said to be unknowable.
 */
final class FirewallEvidence {
  /** Lines the rules may take in the evidence: the count lines and the quotes need the rest. */
  static final int MAX_LINES = 3;
  static final String NAMES_THE_CAUSE = "; the kernel names the cause: ";
  private static final Set<VerdictReason> LOSS_ON_NODE = Set.of(VerdictReason.LostInsideHost, VerdictReason.LostOnEgress);

  private FirewallEvidence() {
  }

  private record Hit(HopObservation hop, FirewallRuleHit rule) {
    int rank() {
      if (rule.drops() && rule.getPackets() != null) {
        return 0;
      }
      return rule.drops() ? 1 : 2;
    }
  }

  static Finding noting(Finding finding, PathView view) {
    List<Hit> hits = new ArrayList<>();
    for (HopObservation hop : view.reportedHops()) {
      for (FirewallRuleHit rule : hop.getFirewallRules()) {
        hits.add(new Hit(hop, rule));
      }
    }
    if (hits.isEmpty()) {
      return finding;
    }
    hits.sort(Comparator.comparingInt(Hit::rank)
        .thenComparing(hit -> -(hit.rule().getPackets() == null ? 0 : hit.rule().getPackets())));
    Finding noted = finding;
    if (LOSS_ON_NODE.contains(finding.reason()) && hits.get(0).rank() == 0) {
      Hit cause = hits.get(0);
      String summary = finding.summary().endsWith(".")
          ? finding.summary().substring(0, finding.summary().length() - 1) : finding.summary();
      noted = new Finding(finding.reason(), finding.location(), summary + NAMES_THE_CAUSE + "nftables "
          + name(cause.rule()) + " dropped " + packets(cause.rule().getPackets()) + " at "
          + PathView.label(cause.hop()) + " during the window.",
          finding.reliesOnAbsenceAt(), finding.quotes(), finding.notes());
    }
    for (Hit hit : hits.subList(0, Math.min(hits.size(), MAX_LINES))) {
      noted = noted.noting(line(hit));
    }
    return noted;
  }

  static String line(Hit hit) {
    FirewallRuleHit rule = hit.rule();
    String where = " at " + PathView.label(hit.hop()) + " (" + rule.getAttribution() + ")";
    if (rule.getPackets() == null) {
      return "nftables " + name(rule) + " drops and has no counter: whether it dropped the VM's packets cannot be told"
          + where;
    }
    return "nftables " + name(rule) + (rule.drops() ? " dropped " : " counted ") + packets(rule.getPackets())
        + (rule.getBytes() == null ? "" : " (" + rule.getBytes() + " bytes)") + " during the window" + where;
  }

  /** "table bridge vndfault, chain to_vm (hook forward), handle 2: oifname "vnet3" drop". */
  static String name(FirewallRuleHit rule) {
    return "table " + rule.getFamily() + " " + rule.getTable() + ", chain " + rule.getChain()
        + (rule.getHook() == null ? "" : " (hook " + rule.getHook() + ")") + ", handle " + rule.getHandle()
        + ": `" + rule.getRule() + "`";
  }

  private static String packets(long packets) {
    return packets == 1 ? "1 packet" : packets + " packets";
  }
}
