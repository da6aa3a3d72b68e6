package io.vmnetdiag.capture.frame;

import io.vmnetdiag.api.net.IpLiteral;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/** Builds raw Ethernet frames for tests, byte by byte as they appear on the wire. */
final class Frames {
  static final String VM_MAC = "52:54:00:12:34:56";
  static final String GW_MAC = "02:aa:bb:cc:dd:01";
  static final String PEER_MAC = "02:aa:bb:cc:dd:02";
  static final String BROADCAST = "ff:ff:ff:ff:ff:ff";
  static final String VM_IP = "10.77.0.51";
  static final String GW_IP = "10.77.0.1";
  static final String PEER_IP = "10.77.0.2";
  static final String VM_IP6 = "fd00::51";
  static final String PEER_IP6 = "fd00::2";

  static final int SYN = 0x02;
  static final int SYN_ACK = 0x12;
  static final int RST = 0x04;
  static final int RST_ACK = 0x14;
  static final int ACK = 0x10;
  static final int PSH_ACK = 0x18;
  static final int FIN_ACK = 0x11;

  private Frames() {
  }

  static byte[] ethernet(String dst, String src, int etherType, byte[] payload, int... vlanIds) {
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

  static byte[] arp(int op, String senderMac, String senderIp, String targetMac, String targetIp) {
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

  static byte[] ipv4(String src, String dst, int protocol, byte[] payload) {
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

  static byte[] ipv6(String src, String dst, int nextHeader, byte[] payload) {
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

  static byte[] tcp(int srcPort, int dstPort, long seq, long ack, int flags, int dataLength) {
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

  static byte[] udp(int srcPort, int dstPort, int dataLength) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, srcPort);
    u16(out, dstPort);
    u16(out, 8 + dataLength);
    u16(out, 0);
    out.writeBytes(new byte[dataLength]);
    return out.toByteArray();
  }

  /** ICMP (or ICMPv6) message: type, code, checksum, then id/seq and data. */
  static byte[] icmp(int type, int code, int id, int seq, int dataLength) {
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
  static byte[] neighbor(int type, String target) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    out.write(0);
    u16(out, 0);
    u32(out, 0);
    out.writeBytes(IpLiteral.parse(target, "ip"));
    return out.toByteArray();
  }

  static byte[] truncate(byte[] frame, int length) {
    return Arrays.copyOf(frame, length);
  }

  /** Any MAC, group addresses included (MacAddress refuses those on purpose). */
  static byte[] mac(String text) {
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
