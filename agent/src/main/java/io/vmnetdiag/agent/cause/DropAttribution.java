package io.vmnetdiag.agent.cause;

import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.QdiscDrop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ties the node-wide drop reason counts to the path's hops where the hops' own evidence shows the drop happened
 * there; skb:kfree_skb names no device, so a count is tied only when:
 * <ul>
 *   <li>NETFILTER_DROP: an nftables drop rule tied to the hop counted drops during the window (the rule with most);
 *   <li>a QDISC_ reason: a qdisc on the hop's device counted drops during the window;
 *   <li>a BRIDGE_ reason or a br_ function: the bridge hop, when the counts show frames lost across the bridge
 *       (seen at the uplink and not at the tap, towards the VM; or the other way from it).
 * </ul>
 * The count stays the node's: it may hold other traffic's drops of the same reason, and the attribution says so.
 * Everything else is returned, most first, as not attributed to the VM's path.
 */
final class DropAttribution {
  private DropAttribution() {
  }

  static List<DropReasonCount> attribute(Map<DropTraceLine, Long> counts, List<HopObservation> observations) {
    List<DropReasonCount> rest = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<DropTraceLine, Long>comparingByValue().reversed())
        .forEach(entry -> {
          DropReasonCount count = new DropReasonCount(entry.getKey().reason(), entry.getKey().function(),
              entry.getValue());
          Optional<HopObservation> hop = tie(count, observations);
          if (hop.isPresent()) {
            hop.get().getDropReasons().add(count);
          } else {
            rest.add(count);
          }
        });
    return rest;
  }

  /** The hop a count is tied to, setting the count's attribution; empty when none can be shown. */
  static Optional<HopObservation> tie(DropReasonCount count, List<HopObservation> observations) {
    String reason = count.getReason();
    if ("NETFILTER_DROP".equals(reason)) {
      return observations.stream()
          .filter(hop -> dropped(hop) > 0)
          .max(Comparator.comparingLong(DropAttribution::dropped))
          .map(hop -> {
            FirewallRuleHit rule = hop.getFirewallRules().stream().filter(DropAttribution::counted)
                .max(Comparator.comparingLong(FirewallRuleHit::getPackets)).orElseThrow();
            count.setAttribution("nftables drop rule table " + rule.getFamily() + " " + rule.getTable() + " chain "
                + rule.getChain() + " handle " + rule.getHandle() + ", tied to this hop, dropped " + rule.getPackets()
                + " packets during the window; the node-wide count also holds any other nftables drop");
            return hop;
          });
    }
    if (reason.startsWith("QDISC_")) {
      return observations.stream()
          .filter(hop -> hop.getQdiscDrops().stream().anyMatch(qdisc -> qdisc.getDrops() > 0))
          .findFirst()
          .map(hop -> {
            QdiscDrop qdisc = hop.getQdiscDrops().stream().max(Comparator.comparingLong(QdiscDrop::getDrops)).orElseThrow();
            count.setAttribution("qdisc " + qdisc.getKind() + " " + qdisc.getHandle() + " on " + hop.getInterfaceName()
                + " dropped " + qdisc.getDrops() + " packets during the window; the node-wide count also holds"
                + " other devices' qdisc drops");
            return hop;
          });
    }
    if (reason.startsWith("BRIDGE_") || count.getFunction().startsWith("br_")) {
      Optional<HopObservation> bridge = role(observations, HopRole.Bridge);
      Optional<HopObservation> uplink = role(observations, HopRole.Uplink);
      Optional<HopObservation> tap = role(observations, HopRole.Tap);
      if (bridge.isPresent() && uplink.isPresent() && tap.isPresent()) {
        long toVmLost = uplink.get().getToVm().total() - tap.get().getToVm().total();
        long fromVmLost = tap.get().getFromVm().total() - uplink.get().getFromVm().total();
        if (toVmLost > 0 || fromVmLost > 0) {
          count.setAttribution("frames crossing bridge " + bridge.get().getInterfaceName() + " were lost ("
              + (toVmLost > 0 ? toVmLost + " more towards the VM at " + uplink.get().getInterfaceName() + " than at "
              + tap.get().getInterfaceName() : fromVmLost + " more from the VM at " + tap.get().getInterfaceName()
              + " than at " + uplink.get().getInterfaceName()) + ") and the kernel dropped in the bridge;"
              + " the node-wide count also holds other bridges' drops");
          return bridge;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<HopObservation> role(List<HopObservation> observations, HopRole role) {
    return observations.stream().filter(hop -> hop.getRole() == role && hop.getFailure() == null).findFirst();
  }

  private static long dropped(HopObservation hop) {
    return hop.getFirewallRules().stream().filter(DropAttribution::counted).mapToLong(FirewallRuleHit::getPackets).sum();
  }

  private static boolean counted(FirewallRuleHit rule) {
    return rule.drops() && rule.getPackets() != null && rule.getPackets() > 0;
  }
}
