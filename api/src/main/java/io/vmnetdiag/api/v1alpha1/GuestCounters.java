package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A guest interface's counters as its kernel keeps them (the guest agent reads /proc/net/dev). */
public class GuestCounters {
  @JsonPropertyDescription("Packets the guest's NIC received.")
  private long rxPackets;
  @JsonPropertyDescription("Bytes the guest's NIC received.")
  private long rxBytes;
  @JsonPropertyDescription("Receive errors.")
  private long rxErrors;
  @JsonPropertyDescription("Received packets the guest dropped.")
  private long rxDropped;
  @JsonPropertyDescription("Packets the guest's NIC sent.")
  private long txPackets;
  @JsonPropertyDescription("Bytes the guest's NIC sent.")
  private long txBytes;
  @JsonPropertyDescription("Transmit errors.")
  private long txErrors;
  @JsonPropertyDescription("Packets the guest dropped on transmit.")
  private long txDropped;

  public GuestCounters() {
  }

  public GuestCounters(long rxPackets, long rxBytes, long rxErrors, long rxDropped, long txPackets, long txBytes,
      long txErrors, long txDropped) {
    this.rxPackets = rxPackets;
    this.rxBytes = rxBytes;
    this.rxErrors = rxErrors;
    this.rxDropped = rxDropped;
    this.txPackets = txPackets;
    this.txBytes = txBytes;
    this.txErrors = txErrors;
    this.txDropped = txDropped;
  }

  /** This less {@code earlier}, field by field. */
  public GuestCounters minus(GuestCounters earlier) {
    return new GuestCounters(rxPackets - earlier.rxPackets, rxBytes - earlier.rxBytes, rxErrors - earlier.rxErrors,
        rxDropped - earlier.rxDropped, txPackets - earlier.txPackets, txBytes - earlier.txBytes,
        txErrors - earlier.txErrors, txDropped - earlier.txDropped);
  }

  public long getRxPackets() { return rxPackets; }
  public void setRxPackets(long rxPackets) { this.rxPackets = rxPackets; }
  public long getRxBytes() { return rxBytes; }
  public void setRxBytes(long rxBytes) { this.rxBytes = rxBytes; }
  public long getRxErrors() { return rxErrors; }
  public void setRxErrors(long rxErrors) { this.rxErrors = rxErrors; }
  public long getRxDropped() { return rxDropped; }
  public void setRxDropped(long rxDropped) { this.rxDropped = rxDropped; }
  public long getTxPackets() { return txPackets; }
  public void setTxPackets(long txPackets) { this.txPackets = txPackets; }
  public long getTxBytes() { return txBytes; }
  public void setTxBytes(long txBytes) { this.txBytes = txBytes; }
  public long getTxErrors() { return txErrors; }
  public void setTxErrors(long txErrors) { this.txErrors = txErrors; }
  public long getTxDropped() { return txDropped; }
  public void setTxDropped(long txDropped) { this.txDropped = txDropped; }
}
