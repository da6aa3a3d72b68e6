package io.vmnetdiag.agent.cause;

import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.pcap.CaptureFailure;
import io.vmnetdiag.capture.pcap.NetworkNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nftables rules that acted on the path during the window: the ruleset of every network namespace a hop lives
 * in, read with its counters before and after the window; rules whose counters grew, and drop rules without a
 * counter (whether those acted cannot be told), tied to the hop they concern:
 * <ul>
 *   <li>a netdev chain on the hop's device, or a rule naming the hop's device (iifname, oifname, ...): that hop;
 *   <li>a bridge-family rule naming no device of the path: the bridge hop (its chains see every frame the bridge
 *       forwards, the VM's among them, but not only those).
 * </ul>
 * Rules of other families naming no device of the path (an inet input chain, say) are not tied to any hop: they
 * see traffic the VM's path does not carry as well; they are counted in {@link Window#unattributed()}.
 */
public final class FirewallCounters {
  private static final Logger log = LoggerFactory.getLogger(FirewallCounters.class);
  /** Rules kept per hop: a status is read at a glance. */
  static final int MAX_PER_HOP = 8;

  private final Supplier<RulesetSource> sources;

  public FirewallCounters(Supplier<RulesetSource> sources) {
    this.sources = sources;
  }

  public static FirewallCounters libnftables() {
    return new FirewallCounters(Libnftables::new);
  }

  /** Reads every hop namespace's ruleset now: the window's start. Never throws. */
  public Window start(List<Hop> hops) {
    Map<String, Optional<NftRuleset>> before = new LinkedHashMap<>();
    for (String namespace : namespaces(hops)) {
      before.put(namespace, read(namespace));
    }
    return new Window(hops, before);
  }

  /** One window: the rulesets at its start; {@link #end} reads them again and ties the moved rules to hops. */
  public final class Window {
    private final List<Hop> hops;
    private final Map<String, Optional<NftRuleset>> before;
    private final List<String> unattributed = new ArrayList<>();

    Window(List<Hop> hops, Map<String, Optional<NftRuleset>> before) {
      this.hops = hops;
      this.before = before;
    }

    /** Adds to each hop observation the rules tied to its hop. Never throws. */
    public void end(List<HopObservation> observations) {
      for (Map.Entry<String, Optional<NftRuleset>> entry : before.entrySet()) {
        if (entry.getValue().isEmpty()) {
          continue;
        }
        Optional<NftRuleset> after = read(entry.getKey());
        if (after.isEmpty()) {
          continue;
        }
        List<Hop> here = hops.stream().filter(hop -> Objects.equals(key(hop.getNetworkNamespace()), entry.getKey())).toList();
        attribute(entry.getValue().get(), after.get(), here, observations);
      }
      if (!unattributed.isEmpty()) {
        log.info("nftables rules whose counters moved but that no hop of the path can be tied to: {}", unattributed);
      }
    }

    /** Rules whose counters moved during the window that no hop could be tied to. */
    public List<String> unattributed() {
      return unattributed;
    }

    private void attribute(NftRuleset before, NftRuleset after, List<Hop> here, List<HopObservation> observations) {
      Map<List<Object>, NftRuleset.Rule> previous = new LinkedHashMap<>();
      before.rules().forEach(rule -> previous.put(List.of(rule.chain(), rule.handle()), rule));
      for (NftRuleset.Rule rule : after.rules()) {
        NftRuleset.Rule then = previous.get(List.of(rule.chain(), rule.handle()));
        Long packets = null;
        Long bytes = null;
        if (rule.counted()) {
          long was = then != null && then.counted() ? then.packets() : 0;
          long wasBytes = then != null && then.counted() ? then.bytes() : 0;
          packets = Math.max(0, rule.packets() - was);
          bytes = Math.max(0, rule.bytes() - wasBytes);
          if (packets == 0) {
            continue;
          }
        } else if (!rule.drops()) {
          continue;
        }
        NftRuleset.Chain chain = after.chains().get(rule.chain());
        Optional<Tie> tie = tie(rule, chain, here);
        if (tie.isEmpty()) {
          if (rule.counted()) {
            unattributed.add(rule.chain().family() + " " + rule.chain().table() + " " + rule.chain().name()
                + " handle " + rule.handle() + " (" + rule.text() + "): " + packets + " packets");
          }
          continue;
        }
        FirewallRuleHit hit = new FirewallRuleHit();
        hit.setFamily(rule.chain().family());
        hit.setTable(rule.chain().table());
        hit.setChain(rule.chain().name());
        hit.setHook(chain == null ? null : chain.hook());
        hit.setHandle(rule.handle());
        hit.setRule(rule.text());
        hit.setVerdict(rule.verdict());
        hit.setPackets(packets);
        hit.setBytes(bytes);
        hit.setAttribution(tie.get().why());
        observations.stream().filter(observation -> observation.getRole() == tie.get().hop().getRole()
                && Objects.equals(observation.getInterfaceName(), tie.get().hop().getInterfaceName()))
            .findFirst()
            .filter(observation -> observation.getFirewallRules().size() < MAX_PER_HOP)
            .ifPresent(observation -> observation.getFirewallRules().add(hit));
      }
    }
  }

  private record Tie(Hop hop, String why) {
  }

  static Optional<Tie> tie(NftRuleset.Rule rule, NftRuleset.Chain chain, List<Hop> hops) {
    if (chain != null && "netdev".equals(chain.key().family())) {
      for (Hop hop : hops) {
        if (chain.devices().contains(hop.getInterfaceName())) {
          return Optional.of(new Tie(hop, "netdev " + chain.hook() + " chain on " + hop.getInterfaceName()));
        }
      }
    }
    for (Hop hop : hops) {
      if (rule.devices().contains(hop.getInterfaceName())) {
        return Optional.of(new Tie(hop, "the rule names " + hop.getInterfaceName()));
      }
    }
    if ("bridge".equals(rule.chain().family())) {
      for (Hop hop : hops) {
        if (hop.getRole() == HopRole.Bridge) {
          return Optional.of(new Tie(hop, "bridge-family chain: it sees every frame bridge " + hop.getInterfaceName()
              + " handles, not only the VM's"));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<NftRuleset> read(String namespace) {
    CompletableFuture<String> json = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        if (!namespace.isEmpty()) {
          NetworkNamespace.enter(namespace);
        }
        json.complete(sources.get().listRuleset());
      } catch (CaptureFailure | RulesetSource.RulesetUnavailable | RuntimeException | LinkageError e) {
        json.completeExceptionally(e);
      }
    }, "nftables-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      return Optional.of(NftRuleset.parse(json.get()));
    } catch (ExecutionException | IllegalArgumentException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      log.warn("nftables counters not read{}: {}", namespace.isEmpty() ? "" : " in " + namespace, cause.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Set<String> namespaces(List<Hop> hops) {
    Set<String> namespaces = new LinkedHashSet<>();
    for (Hop hop : hops) {
      if (hop != null && hop.getRole() != HopRole.Guest) {
        namespaces.add(key(hop.getNetworkNamespace()));
      }
    }
    return namespaces;
  }

  private static String key(String namespace) {
    return namespace == null ? "" : namespace;
  }
}
