package io.vmnetdiag.capture.frame;

import io.vmnetdiag.api.net.IpLiteral;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/** Builds raw Ethernet frames for tests, byte by byte as they appear on the wire. */
public final class Frames {
  public static final String VM_MAC = "52:54:00:12:34:56";
  public static final String GW_MAC = "02:aa:bb:cc:dd:01";
  public static final String PEER_MAC = "02:aa:bb:cc:dd:02";
  public static final String BROADCAST = "ff:ff:ff:ff:ff:ff";
  public static final String VM_IP = "10.77.0.51";
  public static final String GW_IP = "10.77.0.1";
  public static final String PEER_IP = "10.77.0.2";
  public static final String VM_IP6 = "fd00::51";
  public static final String PEER_IP6 = "fd00::2";

  public static final int SYN = 0x02;
  public static final int SYN_ACK = 0x12;
  public static final int RST = 0x04;
  public static final int RST_ACK = 0x14;
  public static final int ACK = 0x10;
  public static final int PSH_ACK = 0x18;
  public static final int FIN_ACK = 0x11;
  public static final int FIN = 0x01;

  private Frames() {
  }

  public static byte[] ethernet(String dst, String src, int etherType, byte[] payload, int... vlanIds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(mac(dst));
    out.writeBytes(mac(src));
    for (int vlan : vlanIds) {
      u16(out, 0x8100);
      u16(out, vlan);
    }
    u16(out, etherType);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  public static byte[] arp(int op, String senderMac, String senderIp, String targetMac, String targetIp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, 1);
    u16(out, 0x0800);
    out.write(6);
    out.write(4);
    u16(out, op);
    out.writeBytes(mac(senderMac));
    out.writeBytes(IpLiteral.parse(senderIp, "ip"));
    out.writeBytes(targetMac == null ? new byte[6] : mac(targetMac));
    out.writeBytes(IpLiteral.parse(targetIp, "ip"));
    return out.toByteArray();
  }

  public static byte[] ipv4(String src, String dst, int protocol, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x45);
    out.write(0);
    u16(out, 20 + payload.length);
    u16(out, 0x1234);
    u16(out, 0x4000);
    out.write(64);
    out.write(protocol);
    u16(out, 0);
    out.writeBytes(IpLiteral.parse(src, "ip"));
    out.writeBytes(IpLiteral.parse(dst, "ip"));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  public static byte[] ipv6(String src, String dst, int nextHeader, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u32(out, 0x60000000L);
    u16(out, payload.length);
    out.write(nextHeader);
    out.write(64);
    out.writeBytes(IpLiteral.parse(src, "ip"));
    out.writeBytes(IpLiteral.parse(dst, "ip"));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  public static byte[] tcp(int srcPort, int dstPort, long seq, long ack, int flags, int dataLength) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, srcPort);
    u16(out, dstPort);
    u32(out, seq);
    u32(out, ack);
    out.write(5 << 4);
    out.write(flags);
    u16(out, 64240);
    u16(out, 0);
    u16(out, 0);
    out.writeBytes(new byte[dataLength]);
    return out.toByteArray();
  }

  public static byte[] udp(int srcPort, int dstPort, int dataLength) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, srcPort);
    u16(out, dstPort);
    u16(out, 8 + dataLength);
    u16(out, 0);
    out.writeBytes(new byte[dataLength]);
    return out.toByteArray();
  }

  /** ICMP (or ICMPv6) message: type, code, checksum, then id/seq and data. */
  public static byte[] icmp(int type, int code, int id, int seq, int dataLength) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    out.write(code);
    u16(out, 0);
    u16(out, id);
    u16(out, seq);
    out.writeBytes(new byte[dataLength]);
    return out.toByteArray();
  }

  /** ICMPv6 neighbour solicitation (135) or advertisement (136) for {@code target}. */
  public static byte[] neighbor(int type, String target) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    out.write(0);
    u16(out, 0);
    u32(out, 0);
    out.writeBytes(IpLiteral.parse(target, "ip"));
    return out.toByteArray();
  }

  /** A BOOTP/DHCP message (op 1 request, 2 reply) for the client {@code chaddr}, inside UDP 68->67 or 67->68. */
  public static byte[] dhcp(int op, String chaddr) {
    byte[] bootp = new byte[240];
    bootp[0] = (byte) op;
    bootp[1] = 1; // Ethernet
    bootp[2] = 6;
    System.arraycopy(mac(chaddr), 0, bootp, 28, 6);
    bootp[236] = 99; // magic cookie
    bootp[237] = (byte) 130;
    bootp[238] = 83;
    bootp[239] = 99;
    byte[] udp = udp(op == 1 ? 68 : 67, op == 1 ? 67 : 68, bootp.length);
    System.arraycopy(bootp, 0, udp, 8, bootp.length);
    return udp;
  }

  /** A DHCPv6 message of {@code type} (1 solicit, 7 reply...), client 546 to server 547 or back. */
  public static byte[] dhcp6(int type) {
    boolean fromClient = type == 1 || type == 3 || type == 5 || type == 6 || type == 8 || type == 11;
    byte[] udp = udp(fromClient ? 546 : 547, fromClient ? 547 : 546, 4);
    udp[8] = (byte) type;
    return udp;
  }

  /** Inserts an 802.1Q tag with {@code vlan} (the whole TCI) after the MACs. */
  /** An ICMP error quoting {@code packet}; {@code mtu} fills the second half of the unused word. */
  public static byte[] icmpError(int type, int code, int mtu, byte[] packet) {
    byte[] message = new byte[8 + packet.length];
    message[0] = (byte) type;
    message[1] = (byte) code;
    message[6] = (byte) (mtu >> 8);
    message[7] = (byte) mtu;
    System.arraycopy(packet, 0, message, 8, packet.length);
    return message;
  }

  /** An IGMP message of {@code type} for {@code group} (its checksum left zero). */
  public static byte[] igmp(int type, int maxResponse, String group) {
    byte[] out = new byte[8];
    out[0] = (byte) type;
    out[1] = (byte) maxResponse;
    System.arraycopy(IpLiteral.parse(group, "ip"), 0, out, 4, 4);
    return out;
  }

  /** An MLD message (130 query, 131 report, 132 done) for {@code group}. */
  public static byte[] mld(int type, int maxDelay, String group) {
    byte[] out = new byte[24];
    out[0] = (byte) type;
    out[4] = (byte) (maxDelay >> 8);
    out[5] = (byte) maxDelay;
    System.arraycopy(IpLiteral.parse(group, "ip"), 0, out, 8, 16);
    return out;
  }

  /** A hop-by-hop header with the router alert option, as MLD carries it, before {@code payload}. */
  public static byte[] hopByHop(int next, byte[] payload) {
    byte[] out = new byte[8 + payload.length];
    out[0] = (byte) next;
    out[2] = 5;
    out[3] = 2;
    out[6] = 1;
    System.arraycopy(payload, 0, out, 8, payload.length);
    return out;
  }

  public static byte[] tagged(byte[] frame, int vlan) {
    return FrameClassifierTest.tagged(frame, vlan);
  }

  /** Wraps a frame in an 802.1ad service tag around an 802.1Q customer tag, as a QinQ uplink carries it. */
  public static byte[] qinq(byte[] frame, int outer, int inner) {
    byte[] tagged = FrameClassifierTest.tagged(frame, inner);
    byte[] out = FrameClassifierTest.tagged(tagged, outer);
    out[12] = (byte) 0x88;
    out[13] = (byte) 0xa8;
    return out;
  }

  public static byte[] truncate(byte[] frame, int length) {
    return Arrays.copyOf(frame, length);
  }

  /** Any MAC, group addresses included (MacAddress refuses those on purpose). */
  public static byte[] mac(String text) {
    return HexFormat.ofDelimiter(":").parseHex(text);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value >> 8);
    out.write(value);
  }

  private static void u32(ByteArrayOutputStream out, long value) {
    u16(out, (int) (value >> 16) & 0xffff);
    u16(out, (int) value & 0xffff);
  }
}
