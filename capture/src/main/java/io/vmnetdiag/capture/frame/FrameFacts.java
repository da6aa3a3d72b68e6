package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_UDP;

/**
 * Where the classifier found the parts of the last frame that a recorder tallies beyond its kind:
 * the outer VLAN id, the IP addresses and the transport ports. Offsets only, into the frame the
 * classifier was given, so filling and reading them allocates nothing. Reused for every frame.
 */
public final class FrameFacts {
  /** Returned when a frame has no such part. */
  public static final int NONE = -1;

  private int length;
  private int vlanId = NONE;
  private int sourceAddress = NONE;
  private int addressLength;
  private int transport = NONE;
  private int protocol;
  private int neighborTarget = NONE;
  private int neighborTargetLength;
  private int arpSender = NONE;
  private boolean toNode;

  void reset(int capturedLength) {
    length = capturedLength;
    vlanId = NONE;
    sourceAddress = NONE;
    addressLength = 0;
    transport = NONE;
    protocol = 0;
    neighborTarget = NONE;
    arpSender = NONE;
    toNode = false;
  }

  void toNode() {
    toNode = true;
  }

  /** True when the frame comes from the VM and is addressed to the node itself (one of its MACs the classifier knows). */
  public boolean isToNode() {
    return toNode;
  }

  void neighborTarget(int offset, int size) {
    neighborTarget = offset;
    neighborTargetLength = size;
  }

  void arpSender(int offset) {
    arpSender = offset;
  }

  /** Offset of the address an ARP or IPv6 neighbour discovery packet asks for or announces, or {@link #NONE}. */
  public int neighborTarget() {
    return neighborTarget;
  }

  /** 4 (ARP) or 16 (IPv6 neighbour discovery) when {@link #neighborTarget()} is set. */
  public int neighborTargetLength() {
    return neighborTargetLength;
  }

  /** Offset of an ARP packet's sender protocol address, or {@link #NONE}. */
  public int arpSender() {
    return arpSender;
  }

  /** True when {@code frame[offset..offset+length)} is all zero: an unspecified address. */
  public static boolean isZero(byte[] frame, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (frame[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Offset of an IP packet's source address, or {@link #NONE}; {@link #addressLength()} tells its size. */
  public int sourceAddress() {
    return sourceAddress;
  }

  void vlan(int id) {
    vlanId = id;
  }

  void addresses(int sourceOffset, int size) {
    sourceAddress = sourceOffset;
    addressLength = size;
  }

  void transport(int offset, int ipProtocol) {
    transport = offset;
    protocol = ipProtocol;
  }

  /** The 802.1Q/802.1ad id of the outer tag, or {@link #NONE} for an untagged frame. */
  public int vlanId() {
    return vlanId;
  }

  /** 4 or 16 when the frame is an IP packet whose addresses were captured, else 0. */
  public int addressLength() {
    return addressLength;
  }

  /** Offset of the address at the far end from the VM: the destination of what it sends, the source of what it gets. */
  public int peerOffset(Direction direction) {
    if (sourceAddress == NONE || direction == null) {
      return NONE;
    }
    return direction == Direction.FromVm ? sourceAddress + addressLength : sourceAddress;
  }

  /** "TCP", "UDP", or null when the frame carries neither (or they were cut off). */
  public String transportName() {
    int number = transportProtocol();
    return number == PROTO_TCP ? "TCP" : number == PROTO_UDP ? "UDP" : null;
  }

  /** The IP protocol number of the frame's TCP or UDP header (6 or 17), or {@link #NONE}. */
  public int transportProtocol() {
    return transport == NONE || protocol != PROTO_TCP && protocol != PROTO_UDP ? NONE : protocol;
  }

  /** The 16-bit word at {@code at} bytes into the transport header (TCP, UDP or ICMP), or {@link #NONE}. */
  public int transportWord(byte[] frame, int at) {
    return transport == NONE || length < transport + at + 2 ? NONE : FrameBytes.u16(frame, transport + at);
  }

  /** The TCP or UDP port on the VM's side, or {@link #NONE}. */
  public int vmPort(byte[] frame, Direction direction) {
    if (transportProtocol() == NONE || direction == null || length < transport + 4) {
      return NONE;
    }
    return FrameBytes.u16(frame, direction == Direction.FromVm ? transport : transport + 2);
  }
}
