package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One of the VM's ports seen most at a hop. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PortCount {
  @JsonPropertyDescription("TCP or UDP.")
  private String protocol;

  @JsonPropertyDescription("The port on the VM's side.")
  private int port;

  @JsonPropertyDescription("Packets to or from this port.")
  private long packets;

  public PortCount() {
  }

  public PortCount(String protocol, int port, long packets) {
    this.protocol = protocol;
    this.port = port;
    this.packets = packets;
  }

  public String getProtocol() { return protocol; }
  public void setProtocol(String protocol) { this.protocol = protocol; }
  public int getPort() { return port; }
  public void setPort(int port) { this.port = port; }
  public long getPackets() { return packets; }
  public void setPackets(long packets) { this.packets = packets; }
}
