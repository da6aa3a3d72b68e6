package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many packets the kernel freed with one drop reason at one function during the window (skb:kfree_skb). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DropReasonCount {
  @JsonPropertyDescription("The kernel's drop reason (enum skb_drop_reason without its SKB_DROP_REASON_ prefix): NETFILTER_DROP, QDISC_DROP, BRIDGE_INGRESS_STP_STATE, ...")
  private String reason;

  @JsonPropertyDescription("The kernel function that freed the packets (the tracepoint's location, without its offset): nft_do_chain, br_handle_frame, ...")
  private String function;

  @JsonPropertyDescription("Packets freed with this reason at this function during the window, node-wide: the tracepoint does not name a device.")
  private long count;

  @JsonPropertyDescription("Why this count is tied to this hop, when it is on a hop: the evidence beside it that shows the VM's path is where the kernel dropped.")
  private String attribution;

  public DropReasonCount() {
  }

  public DropReasonCount(String reason, String function, long count) {
    this.reason = reason;
    this.function = function;
    this.count = count;
  }

  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getFunction() { return function; }
  public void setFunction(String function) { this.function = function; }
  public long getCount() { return count; }
  public void setCount(long count) { this.count = count; }
  public String getAttribution() { return attribution; }
  public void setAttribution(String attribution) { this.attribution = attribution; }

  @Override
  public String toString() {
    return reason + " at " + function + ": " + count;
  }
}
