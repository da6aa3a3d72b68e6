package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FirewallCountersTest {
  // libnftables' JSON as `list ruleset` gives it (nft 1.0.6), with the counters as {0} and {1}
  private static final String RULESET = """
      {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
       {"table": {"family": "bridge", "name": "vndfault", "handle": 1}},
       {"chain": {"family": "bridge", "table": "vndfault", "name": "to_vm", "handle": 1, "type": "filter",
                  "hook": "forward", "prio": 0, "policy": "accept"}},
       {"rule": {"family": "bridge", "table": "vndfault", "chain": "to_vm", "handle": 2, "expr": [
         {"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, "right": "tap0"}},
         {"counter": {"packets": %d, "bytes": %d}}, {"drop": null}]}},
       {"rule": {"family": "bridge", "table": "vndfault", "chain": "to_vm", "handle": 4, "expr": [
         {"match": {"op": "==", "left": {"payload": {"protocol": "ether", "field": "type"}}, "right": {"set": ["ip", "ip6"]}}},
         {"match": {"op": "!=", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "10.0.0.9"}},
         {"drop": null}]}},
       {"table": {"family": "netdev", "name": "edge", "handle": 2}},
       {"chain": {"family": "netdev", "table": "edge", "name": "in", "handle": 1, "type": "filter",
                  "hook": "ingress", "prio": 0, "dev": "up0", "policy": "accept"}},
       {"rule": {"family": "netdev", "table": "edge", "chain": "in", "handle": 3, "expr": [
         {"counter": {"packets": %d, "bytes": 0}}]}},
       {"table": {"family": "inet", "name": "filter", "handle": 3}},
       {"chain": {"family": "inet", "table": "filter", "name": "input", "handle": 1, "type": "filter",
                  "hook": "input", "prio": 0, "policy": "accept"}},
       {"rule": {"family": "inet", "table": "filter", "chain": "input", "handle": 2, "expr": [
         {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}},
         {"counter": {"packets": %d, "bytes": 0}}, {"accept": null}]}},
       {"rule": {"family": "inet", "table": "filter", "chain": "input", "handle": 3, "expr": [
         {"counter": {"packets": 7, "bytes": 0}}, {"jump": {"target": "more"}}]}}
      ]}""";

  private final List<Hop> hops = List.of(new Hop(HopRole.Uplink, "up0"), new Hop(HopRole.Bridge, "br0"),
      new Hop(HopRole.Tap, "tap0"));
  private final List<HopObservation> observations = List.of(new HopObservation(HopRole.Uplink, "up0"),
      new HopObservation(HopRole.Bridge, "br0"), new HopObservation(HopRole.Tap, "tap0"));

  @Test
  void rulesWhoseCountersMovedAreTiedToTheHopTheyConcern() {
    AtomicInteger reads = new AtomicInteger();
    FirewallCounters counters = new FirewallCounters(() -> () -> reads.getAndIncrement() == 0
        ? RULESET.formatted(3, 300, 10, 40) : RULESET.formatted(17, 1476, 15, 40));
    FirewallCounters.Window window = counters.start(hops);
    window.end(observations);

    assertThat(reads.get()).isEqualTo(2);
    FirewallRuleHit tapDrop = observations.get(2).getFirewallRules().get(0);
    assertThat(tapDrop.getFamily()).isEqualTo("bridge");
    assertThat(tapDrop.getTable()).isEqualTo("vndfault");
    assertThat(tapDrop.getChain()).isEqualTo("to_vm");
    assertThat(tapDrop.getHook()).isEqualTo("forward");
    assertThat(tapDrop.getHandle()).isEqualTo(2L);
    assertThat(tapDrop.getRule()).isEqualTo("oifname tap0 drop");
    assertThat(tapDrop.getVerdict()).isEqualTo("drop");
    assertThat(tapDrop.getPackets()).isEqualTo(14L);
    assertThat(tapDrop.getBytes()).isEqualTo(1176L);
    assertThat(tapDrop.getAttribution()).isEqualTo("the rule names tap0");

    // a drop rule without a counter: whether it acted cannot be told, so it is reported without packets
    assertThat(observations.get(1).getFirewallRules()).singleElement().satisfies(hit -> {
      assertThat(hit.getHandle()).isEqualTo(4L);
      assertThat(hit.getRule()).isEqualTo("ether type { ip, ip6 } ip saddr != 10.0.0.9 drop");
      assertThat(hit.getPackets()).isNull();
      assertThat(hit.getAttribution()).startsWith("bridge-family chain");
    });
    assertThat(observations.get(0).getFirewallRules()).singleElement().satisfies(hit -> {
      assertThat(hit.getRule()).isEmpty();
      assertThat(hit.getPackets()).isEqualTo(5L);
      assertThat(hit.getAttribution()).isEqualTo("netdev ingress chain on up0");
    });
    // the inet input rules moved or not; they name no device of the path: not tied to any hop
    assertThat(window.unattributed()).isEmpty();
  }

  @Test
  void movedRulesThatNameNoDeviceOfThePathAreNotAttributed() {
    AtomicInteger reads = new AtomicInteger();
    FirewallCounters counters = new FirewallCounters(() -> () -> reads.getAndIncrement() == 0
        ? RULESET.formatted(0, 0, 0, 40) : RULESET.formatted(0, 0, 0, 52));
    FirewallCounters.Window window = counters.start(hops);
    window.end(observations);
    assertThat(window.unattributed()).containsExactly("inet filter input handle 2 (tcp dport 22 accept): 12 packets");
    assertThat(observations.get(2).getFirewallRules()).isEmpty();
  }

  @Test
  void aRulesetThatCannotBeReadLeavesTheHopsAsTheyAre() {
    FirewallCounters counters = new FirewallCounters(() -> () -> {
      throw new RulesetSource.RulesetUnavailable("libnftables could not be loaded");
    });
    counters.start(hops).end(observations);
    assertThat(observations).allSatisfy(observation -> assertThat(observation.getFirewallRules()).isEmpty());
  }
}
