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
 *   <li>a BRIDGE_ reason or a br_ function: the bridge hop, when the verdict engine's own reading of the hops'
 *       counts places a loss on the node next to the bridge (bridge->tap, uplink->bridge, bridge->uplink, ...): a
 *       frame or two more at one end of a window is edge noise, not a loss, and the engine already knows that.
 * </ul>
 * The count stays the node's: it may hold other traffic's drops of the same reason, and the attribution says so.
 * Everything else is returned, most first, as not attributed to the VM's path.
 */
final class DropAttribution {
  private DropAttribution() {
  }

  /**
   * Moves the counts that can be tied onto their hops; returns the rest, most first. {@code lossLocation} is where
   * the verdict engine, reading the same hops, puts a loss on the node ("bridge->tap"), or null when it does not.
   */
  static List<DropReasonCount> attribute(Map<DropTraceLine, Long> counts, List<HopObservation> observations,
      String lossLocation) {
    List<DropReasonCount> rest = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<DropTraceLine, Long>comparingByValue().reversed())
        .forEach(entry -> {
          DropReasonCount count = new DropReasonCount(entry.getKey().reason(), entry.getKey().function(),
              entry.getValue());
          Optional<HopObservation> hop = tie(count, observations, lossLocation);
          if (hop.isPresent()) {
            hop.get().getDropReasons().add(count);
          } else {
            rest.add(count);
          }
        });
    return rest;
  }

  /** The hop a count is tied to, setting the count's attribution; empty when none can be shown. */
  static Optional<HopObservation> tie(DropReasonCount count, List<HopObservation> observations, String lossLocation) {
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
    if ((reason.startsWith("BRIDGE_") || count.getFunction().startsWith("br_")) && lossLocation != null
        && lossLocation.contains("bridge")) {
      return role(observations, HopRole.Bridge).map(bridge -> {
        count.setAttribution("the hops' counts place the VM's loss at " + lossLocation + ", next to bridge "
            + bridge.getInterfaceName() + ", and the kernel dropped in the bridge; the node-wide count also holds"
            + " other bridges' drops");
        return bridge;
      });
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
