package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * An nftables rule that may have acted on the VM's traffic at a hop during the window: its counter moved, or it
 * drops and has no counter (then whether it acted cannot be told).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FirewallRuleHit {
  @JsonPropertyDescription("The table's family: bridge, netdev, inet, ip, ip6, arp.")
  private String family;

  @JsonPropertyDescription("The table's name.")
  private String table;

  @JsonPropertyDescription("The chain's name.")
  private String chain;

  @JsonPropertyDescription("The chain's hook (forward, input, output, ingress, egress, prerouting, postrouting), if it is a base chain.")
  private String hook;

  @JsonPropertyDescription("The rule's handle in its chain.")
  private Long handle;

  @JsonPropertyDescription("The rule's expressions as nft writes them, summarised from libnftables' JSON (counters left out).")
  private String rule;

  @JsonPropertyDescription("The rule's verdict: drop, reject, accept, jump CHAIN, ...; absent if it has none.")
  private String verdict;

  @JsonPropertyDescription("Packets its counter counted during the window; absent if the rule has no counter.")
  private Long packets;

  @JsonPropertyDescription("Bytes its counter counted during the window; absent if the rule has no counter.")
  private Long bytes;

  @JsonPropertyDescription("Why the rule is tied to this hop (it names the hop's device, or its chain sees every frame the bridge forwards).")
  private String attribution;

  public FirewallRuleHit() {
  }

  public String getFamily() { return family; }
  public void setFamily(String family) { this.family = family; }
  public String getTable() { return table; }
  public void setTable(String table) { this.table = table; }
  public String getChain() { return chain; }
  public void setChain(String chain) { this.chain = chain; }
  public String getHook() { return hook; }
  public void setHook(String hook) { this.hook = hook; }
  public Long getHandle() { return handle; }
  public void setHandle(Long handle) { this.handle = handle; }
  public String getRule() { return rule; }
  public void setRule(String rule) { this.rule = rule; }
  public String getVerdict() { return verdict; }
  public void setVerdict(String verdict) { this.verdict = verdict; }
  public Long getPackets() { return packets; }
  public void setPackets(Long packets) { this.packets = packets; }
  public Long getBytes() { return bytes; }
  public void setBytes(Long bytes) { this.bytes = bytes; }
  public String getAttribution() { return attribution; }
  public void setAttribution(String attribution) { this.attribution = attribution; }

  /** Whether the rule drops (drop or reject). */
  public boolean drops() {
    return "drop".equals(verdict) || (verdict != null && verdict.startsWith("reject"));
  }

  @Override
  public String toString() {
    return family + " " + table + " " + chain + " handle " + handle + " (" + rule + ")"
        + (packets == null ? " no counter" : " " + packets + " packets");
  }
}
