package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Frames seen with one 802.1Q VLAN id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VlanCount {
  @JsonPropertyDescription("The 802.1Q VLAN id (0-4095).")
  private int vlanId;

  @JsonPropertyDescription("Frames of the VM's traffic carrying this VLAN id.")
  private long packets;

  public VlanCount() {
  }

  public VlanCount(int vlanId, long packets) {
    this.vlanId = vlanId;
    this.packets = packets;
  }

  public int getVlanId() { return vlanId; }
  public void setVlanId(int vlanId) { this.vlanId = vlanId; }
  public long getPackets() { return packets; }
  public void setPackets(long packets) { this.packets = packets; }
}
