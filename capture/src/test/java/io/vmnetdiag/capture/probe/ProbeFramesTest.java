package io.vmnetdiag.capture.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.capture.filter.MacAddress;
import io.vmnetdiag.capture.frame.Direction;
import io.vmnetdiag.capture.frame.FrameClass;
import io.vmnetdiag.capture.frame.FrameClassifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProbeFramesTest {
  static final byte[] BRIDGE_MAC = MacAddress.parse("02:aa:bb:cc:dd:01").bytes();
  static final byte[] VM_MAC = MacAddress.parse("52:54:00:12:34:56").bytes();
  static final byte[] BRIDGE_IP = IpLiteral.parse("10.1.2.1", "ip");
  static final byte[] VM_IP = IpLiteral.parse("10.1.2.51", "ip");
  static final byte[] BRIDGE_IP6 = IpLiteral.parse("fd00:1:2::1", "ip");
  static final byte[] VM_IP6 = IpLiteral.parse("fd00:1:2::51", "ip");
  static final byte[] UNSPECIFIED6 = new byte[16];

  @Test
  void arpRequestIsUnicastToTheVmAndAsksForItsAddress() {
    byte[] f = ProbeFrames.arpRequest(BRIDGE_MAC, BRIDGE_IP, VM_MAC, VM_IP);
    assertThat(f).hasSize(60);
    assertEthernet(f, 0x0806);
    assertThat(u16(f, 14)).as("hardware type Ethernet").isEqualTo(1);
    assertThat(u16(f, 16)).as("protocol IPv4").isEqualTo(0x0800);
    assertThat(f[18]).isEqualTo((byte) 6);
    assertThat(f[19]).isEqualTo((byte) 4);
    assertThat(u16(f, 20)).as("request").isEqualTo(1);
    assertThat(slice(f, 22, 6)).isEqualTo(BRIDGE_MAC);
    assertThat(slice(f, 28, 4)).isEqualTo(BRIDGE_IP);
    assertThat(slice(f, 32, 6)).isEqualTo(new byte[6]);
    assertThat(slice(f, 38, 4)).isEqualTo(VM_IP);
    assertThat(slice(f, 42, 18)).as("padding").isEqualTo(new byte[18]);
    assertNeighbourRequest(f, VM_IP);
  }

  @Test
  void arpProbeHasAnAllZeroSender() {
    byte[] f = ProbeFrames.arpRequest(BRIDGE_MAC, new byte[4], VM_MAC, VM_IP);
    assertThat(slice(f, 22, 6)).isEqualTo(BRIDGE_MAC);
    assertThat(slice(f, 28, 4)).isEqualTo(new byte[4]);
    assertThat(slice(f, 38, 4)).isEqualTo(VM_IP);
    assertNeighbourRequest(f, VM_IP);
  }

  @Test
  void icmpEchoRequestHasValidChecksumsAndLengths() {
    byte[] f = ProbeFrames.echoRequest(BRIDGE_MAC, BRIDGE_IP, VM_MAC, VM_IP, 0xbeef, 3);
    int icmpLength = 8 + ProbeFrames.ECHO_PAYLOAD.length;
    assertThat(f).hasSize(Math.max(60, 14 + 20 + icmpLength));
    assertEthernet(f, 0x0800);
    assertIpv4Header(f, 1, 20 + icmpLength);
    assertThat(f[34]).as("type echo request").isEqualTo((byte) 8);
    assertThat(f[35]).as("code").isZero();
    assertThat(u16(f, 38)).as("identifier").isEqualTo(0xbeef);
    assertThat(u16(f, 40)).as("sequence").isEqualTo(3);
    assertThat(slice(f, 42, ProbeFrames.ECHO_PAYLOAD.length)).isEqualTo(ProbeFrames.ECHO_PAYLOAD);
    assertThat(onesComplementSum(f, 34, icmpLength)).as("ICMP checksum verifies").isEqualTo(0xffff);
    assertClassified(f, VM_IP, PacketKind.IcmpEchoRequest);
  }

  @Test
  void tcpSynHasValidChecksumsFlagsAndOptions() {
    byte[] f = ProbeFrames.tcpSyn(BRIDGE_MAC, BRIDGE_IP, VM_MAC, VM_IP, 61234, 22, 0xdeadbeefL);
    assertThat(f).as("58 bytes padded to Ethernet's 60").hasSize(60);
    assertThat(slice(f, 58, 2)).isEqualTo(new byte[2]);
    assertEthernet(f, 0x0800);
    assertIpv4Header(f, 6, 44);
    int tcp = 34;
    assertThat(u16(f, tcp)).as("source port").isEqualTo(61234);
    assertThat(u16(f, tcp + 2)).as("destination port").isEqualTo(22);
    assertThat(u32(f, tcp + 4)).as("sequence").isEqualTo(0xdeadbeefL);
    assertThat(u32(f, tcp + 8)).as("ack").isZero();
    assertThat((f[tcp + 12] & 0xff) >> 4).as("data offset in words").isEqualTo(6);
    assertThat(f[tcp + 13]).as("SYN only").isEqualTo((byte) 0x02);
    assertThat(u16(f, tcp + 14)).as("window").isEqualTo(ProbeFrames.TCP_WINDOW);
    assertThat(slice(f, tcp + 20, 4)).as("MSS 1460").containsExactly(2, 4, 0x05, (byte) 0xb4);
    assertThat(pseudoHeaderSum(BRIDGE_IP, VM_IP, 6, f, tcp, 24)).as("TCP checksum verifies").isEqualTo(0xffff);
    assertClassified(f, VM_IP, PacketKind.TcpSyn);
  }

  @Test
  void icmpv6EchoRequestChecksumCoversThePseudoHeader() {
    byte[] f = ProbeFrames.echoRequest(BRIDGE_MAC, BRIDGE_IP6, VM_MAC, VM_IP6, 7, 1);
    int icmpLength = 8 + ProbeFrames.ECHO_PAYLOAD.length;
    assertThat(f).hasSize(14 + 40 + icmpLength);
    assertEthernet(f, 0x86dd);
    assertIpv6Header(f, 58, icmpLength, 64, BRIDGE_IP6, VM_IP6);
    assertThat(f[54]).as("type echo request").isEqualTo((byte) 128);
    assertThat(u16(f, 58)).isEqualTo(7);
    assertThat(u16(f, 60)).isEqualTo(1);
    assertThat(pseudoHeaderSum(BRIDGE_IP6, VM_IP6, 58, f, 54, icmpLength)).isEqualTo(0xffff);
    assertClassified(f, VM_IP6, PacketKind.IcmpEchoRequest);
  }

  @Test
  void tcpSynOverIpv6() {
    byte[] f = ProbeFrames.tcpSyn(BRIDGE_MAC, BRIDGE_IP6, VM_MAC, VM_IP6, 65000, 443, 1);
    assertThat(f).hasSize(14 + 40 + 24);
    assertIpv6Header(f, 6, 24, 64, BRIDGE_IP6, VM_IP6);
    assertThat(u16(f, 56)).isEqualTo(443);
    assertThat(slice(f, 74, 4)).as("MSS 1440").containsExactly(2, 4, 0x05, (byte) 0xa0);
    assertThat(pseudoHeaderSum(BRIDGE_IP6, VM_IP6, 6, f, 54, 24)).isEqualTo(0xffff);
    assertClassified(f, VM_IP6, PacketKind.TcpSyn);
  }

  @Test
  void neighbourSolicitationIsUnicastWithOurMacAndHopLimit255() {
    byte[] f = ProbeFrames.neighborSolicitation(BRIDGE_MAC, BRIDGE_IP6, VM_MAC, VM_IP6);
    assertThat(f).hasSize(14 + 40 + 32);
    assertEthernet(f, 0x86dd);
    assertIpv6Header(f, 58, 32, 255, BRIDGE_IP6, VM_IP6);
    assertThat(f[54]).as("type neighbour solicitation").isEqualTo((byte) 135);
    assertThat(slice(f, 62, 16)).as("target").isEqualTo(VM_IP6);
    assertThat(slice(f, 78, 2)).as("source link-layer address option, 8 bytes").containsExactly(1, 1);
    assertThat(slice(f, 80, 6)).isEqualTo(BRIDGE_MAC);
    assertThat(pseudoHeaderSum(BRIDGE_IP6, VM_IP6, 58, f, 54, 32)).isEqualTo(0xffff);
    assertNeighbourRequest(f, VM_IP6);
  }

  @Test
  void dadProbeGoesToTheSolicitedNodeGroupWithoutMacOption() {
    byte[] f = ProbeFrames.neighborSolicitation(BRIDGE_MAC, UNSPECIFIED6, VM_MAC, VM_IP6);
    byte[] group = IpLiteral.parse("ff02::1:ff00:51", "ip");
    assertThat(f).hasSize(14 + 40 + 24);
    assertThat(slice(f, 0, 6)).as("still Ethernet-unicast to the VM").isEqualTo(VM_MAC);
    assertIpv6Header(f, 58, 24, 255, UNSPECIFIED6, group);
    assertThat(slice(f, 62, 16)).isEqualTo(VM_IP6);
    assertThat(pseudoHeaderSum(UNSPECIFIED6, group, 58, f, 54, 24)).isEqualTo(0xffff);
  }

  @Test
  void internetChecksumMatchesAKnownHeader() {
    // The classic example IPv4 header (192.168.0.1 -> 192.168.0.199, UDP): its checksum is 0xb861.
    byte[] header = java.util.HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
    assertThat(InternetChecksum.of(header, 0, header.length)).isEqualTo(0xb861);
    assertThat(InternetChecksum.of(new byte[] {1}, 0, 1)).as("odd length pads with zero").isEqualTo(~0x0100 & 0xffff);
  }

  @Test
  void rejectsMixedFamiliesAndBadPorts() {
    assertThatThrownBy(() -> ProbeFrames.echoRequest(BRIDGE_MAC, BRIDGE_IP, VM_MAC, VM_IP6, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProbeFrames.tcpSyn(BRIDGE_MAC, BRIDGE_IP, VM_MAC, VM_IP, 0, 22, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProbeFrames.arpRequest(BRIDGE_MAC, BRIDGE_IP, VM_MAC, VM_IP6))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertEthernet(byte[] f, int etherType) {
    assertThat(slice(f, 0, 6)).as("destination: the VM only").isEqualTo(VM_MAC);
    assertThat(slice(f, 6, 6)).as("source: the bridge").isEqualTo(BRIDGE_MAC);
    assertThat(u16(f, 12)).isEqualTo(etherType);
  }

  private static void assertIpv4Header(byte[] f, int protocol, int totalLength) {
    assertThat(f[14]).as("version 4, 20-byte header").isEqualTo((byte) 0x45);
    assertThat(u16(f, 16)).as("total length").isEqualTo(totalLength);
    assertThat(u16(f, 20)).as("don't fragment").isEqualTo(0x4000);
    assertThat(f[22]).as("TTL").isEqualTo((byte) 64);
    assertThat(f[23]).as("protocol").isEqualTo((byte) protocol);
    assertThat(slice(f, 26, 4)).isEqualTo(BRIDGE_IP);
    assertThat(slice(f, 30, 4)).isEqualTo(VM_IP);
    assertThat(onesComplementSum(f, 14, 20)).as("IPv4 header checksum verifies").isEqualTo(0xffff);
  }

  private static void assertIpv6Header(byte[] f, int nextHeader, int payloadLength, int hopLimit, byte[] src, byte[] dst) {
    assertThat((f[14] & 0xff) >> 4).isEqualTo(6);
    assertThat(u16(f, 18)).as("payload length").isEqualTo(payloadLength);
    assertThat(f[20]).as("next header").isEqualTo((byte) nextHeader);
    assertThat(f[21] & 0xff).as("hop limit").isEqualTo(hopLimit);
    assertThat(slice(f, 22, 16)).isEqualTo(src);
    assertThat(slice(f, 38, 16)).isEqualTo(dst);
  }

  private static void assertClassified(byte[] frame, byte[] vmIp, PacketKind kind) {
    FrameClass frameClass = new FrameClassifier(VM_MAC, vmIp).classify(frame);
    assertThat(frameClass.direction()).isEqualTo(Direction.ToVm);
    assertThat(frameClass.kind()).isEqualTo(kind);
  }

  private static void assertNeighbourRequest(byte[] frame, byte[] vmIp) {
    FrameClass frameClass = new FrameClassifier(VM_MAC, vmIp).classify(frame);
    assertThat(frameClass.direction()).isEqualTo(Direction.ToVm);
    assertThat(frameClass.kind().isNeighborRequest()).as(frameClass.kind().name()).isTrue();
  }

  /** Independent of the code under test: a correct checksum makes the whole sum 0xffff. */
  private static int onesComplementSum(byte[] data, int offset, int length) {
    long sum = 0;
    for (int i = 0; i < length; i += 2) {
      int hi = data[offset + i] & 0xff;
      int lo = i + 1 < length ? data[offset + i + 1] & 0xff : 0;
      sum += (hi << 8) | lo;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) sum;
  }

  private static int pseudoHeaderSum(byte[] src, byte[] dst, int protocol, byte[] f, int offset, int length) {
    byte[] all = new byte[src.length * 2 + 8 + length];
    System.arraycopy(src, 0, all, 0, src.length);
    System.arraycopy(dst, 0, all, src.length, dst.length);
    int at = src.length * 2;
    all[at + 2] = (byte) (length >> 8);
    all[at + 3] = (byte) length;
    all[at + 7] = (byte) protocol;
    System.arraycopy(f, offset, all, at + 8, length);
    return onesComplementSum(all, 0, all.length);
  }

  private static byte[] slice(byte[] f, int at, int length) {
    return Arrays.copyOfRange(f, at, at + length);
  }

  private static int u16(byte[] f, int at) {
    return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
  }

  private static long u32(byte[] f, int at) {
    return ((long) u16(f, at) << 16) | u16(f, at + 2);
  }
}
