package io.vmnetdiag.cli;

import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.GuestCounters;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.QdiscDrop;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lines under the verdict that the counts cannot show, drawn from the report's own objects: the guest's view of
 * its NIC (its guest agent, at both ends of the window) and what the kernel counted on the path's hops (nftables
 * rules tied to a hop, qdisc drops). A line each, labelled like the verdict's lines.
 */
final class ReportDetails {
  static final String GUEST = "guest     ";
  static final String CAUSE = "cause     ";
  static final String RULE = "rule      ";
  private static final String MORE = "          ";

  private ReportDetails() {
  }

  /** The traced NIC as the guest sees it, why there is no view, or nothing when the report carries no guest view. */
  static List<String> guest(ResolvedPath path) {
    GuestView view = path == null ? null : path.getGuest();
    if (view == null) {
      return List.of();
    }
    if (view.getAbsent() != null) {
      return List.of(GUEST + "no view from inside: " + view.getAbsent()
          + (view.getMessage() == null ? "" : " (" + DiagnoseMain.oneLine(view.getMessage()) + ")"));
    }
    Optional<GuestInterface> traced = view.byMac(path.getVmMac());
    if (traced.isEmpty()) {
      return List.of(GUEST + "its guest agent reports no interface with MAC " + path.getVmMac() + " (it reports "
          + String.join(", ", view.getInterfaces().stream().map(nic -> nic.getName() + " " + nic.getMac()).toList())
          + ")");
    }
    GuestInterface nic = traced.get();
    List<String> lines = new ArrayList<>();
    lines.add(GUEST + nic.getName() + " " + nic.getMac() + " "
        + (Boolean.TRUE.equals(nic.getUp()) ? "up" : "not shown up (no IPv6 link-local address)") + ", addresses "
        + (nic.getAddresses().isEmpty() ? "none" : String.join(" ", nic.getAddresses())) + " (from its guest agent)");
    GuestCounters delta = nic.delta();
    lines.add(MORE + (delta == null ? "its counters were not read at both ends of the window"
        : "during the window: rx +" + delta.getRxPackets() + " packets (dropped +" + delta.getRxDropped()
            + ", errors +" + delta.getRxErrors() + "), tx +" + delta.getTxPackets() + " packets (dropped +"
            + delta.getTxDropped() + ", errors +" + delta.getTxErrors() + ")"));
    return lines;
  }

  /** A line per nftables rule and per qdisc the agent tied to a hop: drops that were counted first, as causes. */
  static List<String> kernel(List<HopObservation> hops) {
    List<String> causes = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (HopObservation hop : hops) {
      String at = " at " + label(hop);
      for (FirewallRuleHit rule : hop.getFirewallRules()) {
        if (rule.drops() && rule.getPackets() != null && rule.getPackets() > 0) {
          causes.add(CAUSE + "nftables " + name(rule) + " dropped " + rule.getPackets() + " packets"
              + (rule.getBytes() == null ? "" : " (" + rule.getBytes() + " bytes)") + at);
        } else if (rule.getPackets() == null) {
          others.add(RULE + "nftables " + name(rule) + " drops and has no counter: whether it dropped the VM's"
              + " packets cannot be told" + at);
        } else {
          others.add(RULE + "nftables " + name(rule) + " counted " + rule.getPackets() + " packets" + at);
        }
      }
      for (QdiscDrop qdisc : hop.getQdiscDrops()) {
        causes.add(CAUSE + "qdisc " + qdisc.getKind() + " " + qdisc.getHandle() + " (parent " + qdisc.getParent()
            + ") dropped " + qdisc.getDrops() + " packets" + at + (hop.getRole() == HopRole.Tap ? ""
            : ", counting every packet through the device, not only the VM's"));
      }
    }
    causes.addAll(others);
    return causes;
  }

  /** "table bridge vndfault, chain to_vm (hook forward), handle 2: `oifname "vnet3" drop`". */
  private static String name(FirewallRuleHit rule) {
    return "table " + rule.getFamily() + " " + rule.getTable() + ", chain " + rule.getChain()
        + (rule.getHook() == null ? "" : " (hook " + rule.getHook() + ")") + ", handle " + rule.getHandle()
        + ": `" + rule.getRule() + "`";
  }

  private static String label(HopObservation hop) {
    return HopRole.label(hop.getRole(), hop.getInterfaceName());
  }
}
