package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's own drop reasons on the node during the window (skb:kfree_skb read through tracefs). The tracepoint
 * names no device: counts tied to a hop sit on that hop's observation; the rest are listed here as node-wide.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KernelDrops {
  @JsonPropertyDescription("Counted, or NotAvailable (the message says why).")
  private KernelDropsState state;

  @JsonPropertyDescription("Why the drop reasons could not be counted, or what was counted (protocols, reasons left out).")
  private String message;

  @JsonPropertyDescription("Drop events read from the trace during the window (IPv4, ARP and IPv6 only).")
  private long events;

  @JsonPropertyDescription("Drop events not counted: the trace buffer was full or the per-window cap was reached; the counts are then lower bounds.")
  private long lost;

  @JsonPropertyDescription("Node-wide counts not attributed to the VM's path (the tracepoint names no device), most first, at most 8.")
  private List<DropReasonCount> unattributed = new ArrayList<>();

  public KernelDrops() {
  }

  public static KernelDrops notAvailable(String message) {
    KernelDrops drops = new KernelDrops();
    drops.setState(KernelDropsState.NotAvailable);
    drops.setMessage(message);
    return drops;
  }

  public KernelDropsState getState() { return state; }
  public void setState(KernelDropsState state) { this.state = state; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public long getEvents() { return events; }
  public void setEvents(long events) { this.events = events; }
  public long getLost() { return lost; }
  public void setLost(long lost) { this.lost = lost; }
  public List<DropReasonCount> getUnattributed() { return unattributed; }
  public void setUnattributed(List<DropReasonCount> unattributed) { this.unattributed = unattributed; }
}
