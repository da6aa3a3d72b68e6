package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** libpcap's statistics for one capture handle. */
public class CaptureStats {
  @JsonPropertyDescription("Packets that matched the filter and were read.")
  private long captured;

  @JsonPropertyDescription("Packets the kernel received on the capture socket (pcap_stats ps_recv).")
  private long received;

  @JsonPropertyDescription("Packets dropped by the kernel because the capture buffer was full (ps_drop).")
  private long droppedByKernel;

  @JsonPropertyDescription("Packets dropped by the interface or driver (ps_ifdrop).")
  private long droppedByInterface;

  public long getCaptured() { return captured; }
  public void setCaptured(long captured) { this.captured = captured; }
  public long getReceived() { return received; }
  public void setReceived(long received) { this.received = received; }
  public long getDroppedByKernel() { return droppedByKernel; }
  public void setDroppedByKernel(long droppedByKernel) { this.droppedByKernel = droppedByKernel; }
  public long getDroppedByInterface() { return droppedByInterface; }
  public void setDroppedByInterface(long droppedByInterface) { this.droppedByInterface = droppedByInterface; }
}
