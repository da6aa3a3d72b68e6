package io.vmnetdiag.capture.probe;

import static io.vmnetdiag.capture.frame.FrameBytes.ETHER_HEADER;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMP;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_ICMPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.PROTO_TCP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_ARP;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV4;
import static io.vmnetdiag.capture.frame.FrameBytes.TYPE_IPV6;
import static io.vmnetdiag.capture.frame.FrameBytes.putU16;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds the probe frames byte by byte, as they go on the wire. Every frame is addressed to the VM's
 * own MAC, never to broadcast or multicast: the bridge then forwards it only to the VM's port (or,
 * when it has not learned the MAC yet, floods it as unknown unicast, which only the VM accepts), so
 * no probe is ever answered by anyone else. IPv4 or IPv6 is chosen by the length of the addresses.
 */
public final class ProbeFrames {
  /** Ethernet's minimum frame without FCS: real NICs pad to it, so the probes do too. */
  static final int MIN_FRAME = 60;
  /** Marks the echo payload so whoever reads a capture knows who sent it. */
  static final byte[] ECHO_PAYLOAD = "vmnetdiag probe ".getBytes(StandardCharsets.US_ASCII);
  static final int TCP_WINDOW = 64240;
  private static final int TTL = 64;
  /** Neighbour discovery is only accepted with hop limit 255 (RFC 4861: proves it was not routed). */
  private static final int ND_HOP_LIMIT = 255;

  private ProbeFrames() {
  }

  /**
   * ARP who-has {@code vmIp}, unicast to the VM's MAC (RFC 1122 2.3.2.1 unicast poll, answered like a
   * broadcast one). With an all-zero {@code senderIp} it is an RFC 5227 ARP probe: the VM still answers
   * (to our MAC), and learns no address for us.
   */
  public static byte[] arpRequest(byte[] sourceMac, byte[] senderIp, byte[] vmMac, byte[] vmIp) {
    require(sourceMac, 6, "source MAC");
    require(senderIp, 4, "sender IPv4 address");
    require(vmMac, 6, "VM MAC");
    require(vmIp, 4, "VM IPv4 address");
    ByteBuffer frame = ethernet(vmMac, sourceMac, TYPE_ARP, 28);
    frame.putShort((short) 1).putShort((short) TYPE_IPV4).put((byte) 6).put((byte) 4).putShort((short) 1);
    frame.put(sourceMac).put(senderIp).put(new byte[6]).put(vmIp);
    return frame.array();
  }

  /** ICMP (IPv4) or ICMPv6 echo request with identifier {@code id} and sequence number {@code sequence}. */
  public static byte[] echoRequest(byte[] sourceMac, byte[] sourceIp, byte[] vmMac, byte[] vmIp, int id, int sequence) {
    boolean v6 = checkAddresses(sourceMac, sourceIp, vmMac, vmIp);
    byte[] icmp = ByteBuffer.allocate(8 + ECHO_PAYLOAD.length)
        .put((byte) (v6 ? 128 : 8)).put((byte) 0).putShort((short) 0)
        .putShort((short) id).putShort((short) sequence).put(ECHO_PAYLOAD).array();
    int checksum = v6 ? InternetChecksum.withPseudoHeader(sourceIp, vmIp, PROTO_ICMPV6, icmp, 0, icmp.length)
        : InternetChecksum.of(icmp, 0, icmp.length);
    putU16(icmp, 2, checksum);
    return ip(sourceMac, sourceIp, vmMac, vmIp, v6 ? PROTO_ICMPV6 : PROTO_ICMP, TTL, icmp);
  }

  /**
   * TCP SYN from {@code sourcePort} to {@code port} with initial sequence number {@code sequence} and an
   * MSS option, like a connect() would send.
   */
  public static byte[] tcpSyn(byte[] sourceMac, byte[] sourceIp, byte[] vmMac, byte[] vmIp, int sourcePort, int port,
      long sequence) {
    boolean v6 = checkAddresses(sourceMac, sourceIp, vmMac, vmIp);
    checkPort(sourcePort);
    checkPort(port);
    byte[] tcp = ByteBuffer.allocate(24)
        .putShort((short) sourcePort).putShort((short) port).putInt((int) sequence).putInt(0)
        .put((byte) (6 << 4)).put((byte) 0x02).putShort((short) TCP_WINDOW).putShort((short) 0).putShort((short) 0)
        // MSS option: Ethernet MTU minus IP and TCP headers.
        .put((byte) 2).put((byte) 4).putShort((short) (v6 ? 1440 : 1460)).array();
    putU16(tcp, 16, InternetChecksum.withPseudoHeader(sourceIp, vmIp, PROTO_TCP, tcp, 0, tcp.length));
    return ip(sourceMac, sourceIp, vmMac, vmIp, PROTO_TCP, TTL, tcp);
  }

  /**
   * IPv6 neighbour solicitation for {@code vmIp}, Ethernet-unicast to the VM. With a source address it is
   * a unicast solicitation (RFC 4861 7.2.2, as neighbour unreachability detection sends) carrying our MAC;
   * with the unspecified address {@code ::} it is a duplicate address detection probe, the IPv6 twin of
   * an ARP probe: its IPv6 destination must then be the solicited-node group and it carries no MAC option.
   */
  public static byte[] neighborSolicitation(byte[] sourceMac, byte[] sourceIp, byte[] vmMac, byte[] vmIp) {
    require(sourceMac, 6, "source MAC");
    require(sourceIp, 16, "source IPv6 address");
    require(vmMac, 6, "VM MAC");
    require(vmIp, 16, "VM IPv6 address");
    boolean unspecified = isZero(sourceIp);
    byte[] destination = unspecified ? solicitedNode(vmIp) : vmIp;
    ByteBuffer icmp = ByteBuffer.allocate(unspecified ? 24 : 32)
        .put((byte) 135).put((byte) 0).putShort((short) 0).putInt(0).put(vmIp);
    if (!unspecified) {
      icmp.put((byte) 1).put((byte) 1).put(sourceMac);
    }
    byte[] body = icmp.array();
    putU16(body, 2, InternetChecksum.withPseudoHeader(sourceIp, destination, PROTO_ICMPV6, body, 0, body.length));
    return ip(sourceMac, sourceIp, vmMac, destination, PROTO_ICMPV6, ND_HOP_LIMIT, body);
  }

  /** ff02::1:ffXX:XXXX, the group every node joins for each of its addresses (RFC 4291 2.7.1). */
  static byte[] solicitedNode(byte[] address) {
    byte[] group = new byte[16];
    group[0] = (byte) 0xff;
    group[1] = 0x02;
    group[11] = 0x01;
    group[12] = (byte) 0xff;
    System.arraycopy(address, 13, group, 13, 3);
    return group;
  }

  private static byte[] ip(byte[] sourceMac, byte[] sourceIp, byte[] vmMac, byte[] destinationIp, int protocol,
      int ttl, byte[] payload) {
    if (sourceIp.length == 16) {
      ByteBuffer frame = ethernet(vmMac, sourceMac, TYPE_IPV6, 40 + payload.length);
      frame.putInt(0x60000000).putShort((short) payload.length).put((byte) protocol).put((byte) ttl)
          .put(sourceIp).put(destinationIp).put(payload);
      return frame.array();
    }
    ByteBuffer frame = ethernet(vmMac, sourceMac, TYPE_IPV4, 20 + payload.length);
    byte[] header = ByteBuffer.allocate(20)
        // Don't-fragment set and identification 0, as Linux sends small DF packets (RFC 6864).
        .put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) 0)
        .putShort((short) 0x4000).put((byte) ttl).put((byte) protocol).putShort((short) 0)
        .put(sourceIp).put(destinationIp).array();
    putU16(header, 10, InternetChecksum.of(header, 0, header.length));
    frame.put(header).put(payload);
    return frame.array();
  }

  private static ByteBuffer ethernet(byte[] destination, byte[] source, int etherType, int payloadLength) {
    ByteBuffer frame = ByteBuffer.allocate(Math.max(MIN_FRAME, ETHER_HEADER + payloadLength));
    return frame.put(destination).put(source).putShort((short) etherType);
  }

  private static boolean checkAddresses(byte[] sourceMac, byte[] sourceIp, byte[] vmMac, byte[] vmIp) {
    require(sourceMac, 6, "source MAC");
    require(vmMac, 6, "VM MAC");
    if (sourceIp == null || vmIp == null || sourceIp.length != vmIp.length
        || (sourceIp.length != 4 && sourceIp.length != 16)) {
      throw new IllegalArgumentException("Source and VM addresses must both be IPv4 or both IPv6");
    }
    return sourceIp.length == 16;
  }

  private static void require(byte[] value, int length, String what) {
    if (value == null || value.length != length) {
      throw new IllegalArgumentException("The " + what + " must be " + length + " bytes");
    }
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Port " + port + " is not between 1 and 65535");
    }
  }

  private static boolean isZero(byte[] value) {
    for (byte b : value) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
