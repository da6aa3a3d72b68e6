package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The finer kinds (FIN, data, unreachable, ND, DHCP, UDP), snap-length cuts, VLAN tags, and the facts the recorder reads. */
class FrameClassifierKindsTest {
  private static final String VM_LINK_LOCAL = "fe80::5054:ff:fe12:3456";
  private final FrameClassifier v4 = new FrameClassifier(mac(VM_MAC), IpLiteral.parse(VM_IP, "ip"));
  private final FrameClassifier v6 = new FrameClassifier(mac(VM_MAC), IpLiteral.parse(VM_IP6, "ip"));
  private final FrameClassifier dual =
      new FrameClassifier(mac(VM_MAC), IpLiteral.parse(VM_IP, "ip"), IpLiteral.parse(VM_IP6, "ip"));

  /** One frame per kind, each no longer in its headers than a 96-byte snap length keeps. */
  static Stream<Arguments> everyKind() {
    return Stream.of(
        kind("SYN", v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(5, 22, 0, 0, SYN, 0)), Direction.ToVm, PacketKind.TcpSyn),
        kind("SYN-ACK", v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 5, 0, 1, SYN_ACK, 0)), Direction.FromVm, PacketKind.TcpSynAck),
        kind("RST", v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 5, 0, 1, RST_ACK, 0)), Direction.FromVm, PacketKind.TcpRst),
        kind("bare FIN", v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(5, 22, 9, 0, FIN, 0)), Direction.ToVm, PacketKind.TcpFin),
        kind("data", v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(5, 22, 9, 1, PSH_ACK, 1400)), Direction.ToVm, PacketKind.TcpData),
        kind("one data byte", v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 5, 9, 1, ACK, 1)), Direction.FromVm, PacketKind.TcpData),
        kind("pure ACK", v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 5, 9, 1, ACK, 0)), Direction.FromVm, PacketKind.TcpOther),
        kind("echo request", v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 1, icmp(8, 0, 1, 1, 56)), Direction.ToVm, PacketKind.IcmpEchoRequest),
        kind("echo reply", v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 1, icmp(0, 0, 1, 1, 56)), Direction.FromVm, PacketKind.IcmpEchoReply),
        kind("port unreachable", v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 1, icmp(3, 3, 0, 0, 28)), Direction.FromVm, PacketKind.IcmpUnreachable),
        kind("redirect", v4Frame(GW_MAC, VM_MAC, GW_IP, VM_IP, 1, icmp(5, 1, 0, 0, 28)), Direction.ToVm, PacketKind.IcmpOther),
        kind("ARP who-has", ethernet(BROADCAST, VM_MAC, 0x0806, arp(1, VM_MAC, VM_IP, null, GW_IP)), Direction.FromVm, PacketKind.ArpRequest),
        kind("ARP is-at", ethernet(VM_MAC, GW_MAC, 0x0806, arp(2, GW_MAC, GW_IP, VM_MAC, VM_IP)), Direction.ToVm, PacketKind.ArpReply),
        kind("DHCP discover", v4Frame(VM_MAC, BROADCAST, "0.0.0.0", "255.255.255.255", 17, dhcp(1, VM_MAC)), Direction.FromVm, PacketKind.Dhcp),
        kind("DHCP offer, broadcast", v4Frame(GW_MAC, BROADCAST, GW_IP, "255.255.255.255", 17, dhcp(2, VM_MAC)), Direction.ToVm, PacketKind.Dhcp),
        kind("DNS answer", v4Frame(GW_MAC, VM_MAC, GW_IP, VM_IP, 17, udp(53, 40000, 60)), Direction.ToVm, PacketKind.Udp),
        kind("GRE", v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 47, new byte[24]), Direction.ToVm, PacketKind.Other),
        kind("IPv6 SYN", v6Frame(GW_MAC, VM_MAC, PEER_IP6, VM_IP6, 6, tcp(5, 22, 0, 0, SYN, 0)), Direction.ToVm, PacketKind.TcpSyn),
        kind("IPv6 data", v6Frame(VM_MAC, GW_MAC, VM_IP6, PEER_IP6, 6, tcp(22, 5, 0, 0, PSH_ACK, 900)), Direction.FromVm, PacketKind.TcpData),
        kind("IPv6 FIN", v6Frame(VM_MAC, GW_MAC, VM_IP6, PEER_IP6, 6, tcp(22, 5, 0, 0, FIN_ACK, 0)), Direction.FromVm, PacketKind.TcpFin),
        kind("ICMPv6 echo request", v6Frame(GW_MAC, VM_MAC, PEER_IP6, VM_IP6, 58, icmp(128, 0, 1, 1, 56)), Direction.ToVm, PacketKind.IcmpEchoRequest),
        kind("ICMPv6 echo reply", v6Frame(VM_MAC, GW_MAC, VM_IP6, PEER_IP6, 58, icmp(129, 0, 1, 1, 56)), Direction.FromVm, PacketKind.IcmpEchoReply),
        kind("ICMPv6 unreachable", v6Frame(VM_MAC, GW_MAC, VM_IP6, PEER_IP6, 58, icmp(1, 4, 0, 0, 48)), Direction.FromVm, PacketKind.IcmpUnreachable),
        kind("router advertisement", v6Frame(GW_MAC, "33:33:00:00:00:01", "fe80::1", "ff02::1", 58, icmp(134, 0, 0, 0, 8)), null, PacketKind.IcmpOther),
        kind("guest asks its gateway (NS)", v6Frame(VM_MAC, "33:33:ff:00:00:01", VM_IP6, "ff02::1:ff00:1", 58, neighbor(135, "fd00::1")), Direction.FromVm, PacketKind.NeighborSolicitation),
        kind("gateway asks for the VM (NS, multicast)", v6Frame(GW_MAC, "33:33:ff:00:00:51", "fd00::1", "ff02::1:ff00:51", 58, neighbor(135, VM_IP6)), Direction.ToVm, PacketKind.NeighborSolicitation),
        kind("gateway answers (NA)", v6Frame(GW_MAC, VM_MAC, "fd00::1", VM_IP6, 58, neighbor(136, "fd00::1")), Direction.ToVm, PacketKind.NeighborAdvertisement),
        kind("DHCPv6 solicit", v6Frame(VM_MAC, "33:33:00:01:00:02", VM_LINK_LOCAL, "ff02::1:2", 17, dhcp6(1)), Direction.FromVm, PacketKind.Dhcp),
        kind("DHCPv6 reply", v6Frame(GW_MAC, VM_MAC, "fe80::1", VM_LINK_LOCAL, 17, dhcp6(7)), Direction.ToVm, PacketKind.Dhcp),
        kind("IPv6 UDP", v6Frame(GW_MAC, VM_MAC, PEER_IP6, VM_IP6, 17, udp(1, 4789, 50)), Direction.ToVm, PacketKind.Udp));
  }

  private static Arguments kind(String name, byte[] frame, Direction direction, PacketKind kind) {
    return Arguments.of(name, frame, direction, kind);
  }

  private static byte[] v4Frame(String src, String dst, String srcIp, String dstIp, int protocol, byte[] l4) {
    return ethernet(dst, src, 0x0800, ipv4(srcIp, dstIp, protocol, l4));
  }

  private static byte[] v6Frame(String src, String dst, String srcIp, String dstIp, int next, byte[] l4) {
    return ethernet(dst, src, 0x86dd, ipv6(srcIp, dstIp, next, l4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKind")
  void classifiesEveryKindWholeAndCutTo96Bytes(String name, byte[] frame, Direction direction, PacketKind kind) {
    assertThat(dual.classify(frame)).isEqualTo(FrameClass.of(direction, kind));
    assertThat(dual.classify(truncate(frame, Math.min(frame.length, 96)))).isEqualTo(FrameClass.of(direction, kind));
    assertThat(dual.classify(frame, 96)).isEqualTo(FrameClass.of(direction, kind));
  }

  @ParameterizedTest(name = "{0} in 802.1Q and QinQ")
  @MethodSource("everyKind")
  void classifiesEveryKindBehindTagsWithin96Bytes(String name, byte[] frame, Direction direction, PacketKind kind) {
    byte[] tagged = FrameClassifierTest.tagged(frame, 700);
    byte[] stacked = qinq(frame, 10, 700);
    assertThat(dual.classify(tagged, 96)).isEqualTo(FrameClass.of(direction, kind));
    assertThat(dual.lastFacts().vlanId()).isEqualTo(700);
    assertThat(dual.classify(stacked, 96)).isEqualTo(FrameClass.of(direction, kind));
    assertThat(dual.lastFacts().vlanId()).as("the outer tag").isEqualTo(10);
  }

  @Test
  void dataIsMeasuredByTheIpHeaderNotTheCapture() {
    byte[] data = v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(5, 22, 9, 1, PSH_ACK, 1400));
    byte[] ack = v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 5, 9, 1, ACK, 0));
    assertThat(v4.classify(truncate(data, 64)).kind()).isEqualTo(PacketKind.TcpData);
    assertThat(v4.classify(truncate(data, 14 + 20 + 14)).kind()).isEqualTo(PacketKind.TcpData);
    // Ethernet pads a pure ACK to 60 bytes: padding is not data.
    assertThat(v4.classify(java.util.Arrays.copyOf(ack, 60)).kind()).isEqualTo(PacketKind.TcpOther);
    byte[] v6data = v6Frame(VM_MAC, GW_MAC, VM_IP6, PEER_IP6, 6, tcp(22, 5, 0, 0, PSH_ACK, 900));
    assertThat(v6.classify(truncate(v6data, 96)).kind()).isEqualTo(PacketKind.TcpData);
    // At 64 bytes an IPv6 frame has lost its TCP flags: only "some TCP" can be said.
    assertThat(v6.classify(truncate(v6data, 64))).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.TcpOther));
  }

  @Test
  void tcpOptionsAreHeaderNotData() {
    byte[] segment = tcp(22, 5, 9, 1, ACK, 12);
    segment[12] = (byte) (8 << 4); // 32-byte header: the 12 bytes are options
    assertThat(v4.classify(v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, segment)).kind()).isEqualTo(PacketKind.TcpOther);
    segment[12] = (byte) (7 << 4);
    assertThat(v4.classify(v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, segment)).kind()).isEqualTo(PacketKind.TcpData);
  }

  @Test
  void dhcpDirectionComesFromTheVmsMacWhereAddressesCannotTell() {
    byte[] offerForOther = v4Frame(GW_MAC, BROADCAST, GW_IP, "255.255.255.255", 17, dhcp(2, PEER_MAC));
    assertThat(v4.classify(offerForOther)).isEqualTo(FrameClass.of(null, PacketKind.Dhcp));
    byte[] offer = v4Frame(GW_MAC, BROADCAST, GW_IP, "255.255.255.255", 17, dhcp(2, VM_MAC));
    // Cut before the client hardware address: a DHCP message, for whom it cannot say.
    assertThat(v4.classify(truncate(offer, 64))).isEqualTo(FrameClass.of(null, PacketKind.Dhcp));
    assertThat(v4.classify(truncate(offer, 14 + 20 + 8 + 34))).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.Dhcp));
    byte[] discover = v4Frame(VM_MAC, BROADCAST, "0.0.0.0", "255.255.255.255", 17, dhcp(1, VM_MAC));
    assertThat(v4.classify(truncate(discover, 64))).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.Dhcp));
  }

  @Test
  void dualStackFindsTheVmByEitherAddress() {
    byte[] whoHasVm = ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP));
    byte[] solicitVm = v6Frame(GW_MAC, "33:33:ff:00:00:51", "fd00::1", "ff02::1:ff00:51", 58, neighbor(135, VM_IP6));
    byte[] routedV4 = v4Frame(GW_MAC, PEER_MAC, PEER_IP, VM_IP, 6, tcp(1, 22, 0, 0, SYN, 0));
    byte[] routedV6 = v6Frame(GW_MAC, PEER_MAC, PEER_IP6, VM_IP6, 6, tcp(1, 22, 0, 0, SYN, 0));
    for (byte[] frame : new byte[][] {whoHasVm, solicitVm, routedV4, routedV6}) {
      assertThat(dual.classify(frame).direction()).isEqualTo(Direction.ToVm);
    }
    assertThat(v4.classify(solicitVm).direction()).isNull();
    assertThat(v6.classify(whoHasVm).direction()).isNull();
  }

  @Test
  void factsNameThePeerAndTheVmsPort() {
    byte[] in = v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(40112, 22, 0, 0, SYN, 0));
    assertThat(peer(v4, in)).isEqualTo(PEER_IP);
    assertThat(v4.lastFacts().vmPort(in, Direction.ToVm)).isEqualTo(22);
    assertThat(v4.lastFacts().transportName()).isEqualTo("TCP");
    byte[] out = v4Frame(VM_MAC, GW_MAC, VM_IP, PEER_IP, 17, udp(5353, 53, 20));
    assertThat(peer(v4, out)).isEqualTo(PEER_IP);
    assertThat(v4.lastFacts().vmPort(out, Direction.FromVm)).isEqualTo(5353);
    assertThat(v4.lastFacts().transportName()).isEqualTo("UDP");
    assertThat(v4.lastFacts().vlanId()).isEqualTo(FrameFacts.NONE);
    byte[] out6 = v6Frame(VM_MAC, GW_MAC, VM_IP6, PEER_IP6, 6, tcp(443, 5000, 0, 0, SYN_ACK, 0));
    assertThat(peer(v6, out6)).isEqualTo(PEER_IP6);
    assertThat(v6.lastFacts().vmPort(out6, Direction.FromVm)).isEqualTo(443);
  }

  @Test
  void factsStayEmptyWhereThereIsNothingToName() {
    byte[] arp = ethernet(BROADCAST, VM_MAC, 0x0806, arp(1, VM_MAC, VM_IP, null, GW_IP));
    FrameClass arpClass = v4.classify(arp);
    assertThat(v4.lastFacts().peerOffset(arpClass.direction())).isEqualTo(FrameFacts.NONE);
    byte[] ping = v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 1, icmp(8, 0, 1, 1, 8));
    assertThat(v4.lastFacts().vmPort(arp, arpClass.direction())).isEqualTo(FrameFacts.NONE);
    assertThat(v4.classify(ping).direction()).isEqualTo(Direction.ToVm);
    assertThat(v4.lastFacts().vmPort(ping, Direction.ToVm)).isEqualTo(FrameFacts.NONE);
    assertThat(v4.lastFacts().transportName()).isNull();
    // Ports cut off by the capture are not read from stale bytes.
    byte[] syn = v4Frame(GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(40112, 22, 0, 0, SYN, 0));
    v4.classify(syn, 14 + 20 + 3);
    assertThat(v4.lastFacts().vmPort(syn, Direction.ToVm)).isEqualTo(FrameFacts.NONE);
    // A frame unrelated to the VM has no "far end".
    assertThat(v4.lastFacts().peerOffset(null)).isEqualTo(FrameFacts.NONE);
    // The facts are reset for every frame.
    v4.classify(FrameClassifierTest.tagged(syn, 5));
    v4.classify(new byte[3]);
    assertThat(v4.lastFacts().vlanId()).isEqualTo(FrameFacts.NONE);
    assertThat(v4.lastFacts().addressLength()).isZero();
  }

  @Test
  void mutatedFramesOfEveryKindNeverThrow() {
    Random random = new Random(3);
    byte[][] frames = everyKind().map(a -> (byte[]) a.get()[1]).toArray(byte[][]::new);
    assertThatCode(() -> {
      for (int i = 0; i < 100_000; i++) {
        byte[] base = frames[random.nextInt(frames.length)];
        byte[] frame = random.nextBoolean() ? qinq(base, random.nextInt(4096), random.nextInt(4096)) : base.clone();
        for (int flips = random.nextInt(6); flips > 0; flips--) {
          frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
        }
        FrameClass frameClass = dual.classify(frame, random.nextInt(frame.length + 1));
        FrameFacts facts = dual.lastFacts();
        facts.vmPort(frame, frameClass.direction());
        int peer = facts.peerOffset(frameClass.direction());
        if (peer >= 0) {
          assertThat(peer + facts.addressLength()).isLessThanOrEqualTo(frame.length);
        }
      }
    }).doesNotThrowAnyException();
  }

  private static String peer(FrameClassifier classifier, byte[] frame) {
    FrameClass frameClass = classifier.classify(frame);
    FrameFacts facts = classifier.lastFacts();
    return IpLiteral.format(frame, facts.peerOffset(frameClass.direction()), facts.addressLength());
  }
}
