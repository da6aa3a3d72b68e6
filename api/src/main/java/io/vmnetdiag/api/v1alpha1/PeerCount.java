package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One of the addresses the VM talked with most at a hop. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PeerCount {
  @JsonPropertyDescription("The peer's IP address.")
  private String address;

  @JsonPropertyDescription("Packets between the VM and this peer.")
  private long packets;

  public PeerCount() {
  }

  public PeerCount(String address, long packets) {
    this.address = address;
    this.packets = packets;
  }

  public String getAddress() { return address; }
  public void setAddress(String address) { this.address = address; }
  public long getPackets() { return packets; }
  public void setPackets(long packets) { this.packets = packets; }
}
