package io.vmnetdiag.api.v1alpha1;

/** How a captured packet is counted. */
public enum PacketKind {
  TcpSyn,
  TcpSynAck,
  TcpRst,
  TcpOther,
  IcmpEchoRequest,
  IcmpEchoReply,
  IcmpOther,
  ArpRequest,
  ArpReply,
  Other;

  /** True for packets that answer someone: what a healthy VM sends back. */
  public boolean isReply() {
    return this == TcpSynAck || this == TcpRst || this == TcpOther || this == IcmpEchoReply || this == ArpReply;
  }
}
