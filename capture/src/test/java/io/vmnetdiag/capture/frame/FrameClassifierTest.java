package io.vmnetdiag.capture.frame;

import io.vmnetdiag.api.net.IpLiteral;
import static io.vmnetdiag.capture.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameClassifierTest {
  private final FrameClassifier v4 = new FrameClassifier(mac(VM_MAC), IpLiteral.parse(VM_IP, "ip"));
  private final FrameClassifier v6 = new FrameClassifier(mac(VM_MAC), IpLiteral.parse(VM_IP6, "ip"));
  private final FrameClassifier macOnly = new FrameClassifier(mac(VM_MAC), null);

  static Stream<Arguments> ipv4Frames() {
    return Stream.of(
        row("SYN in", GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(40112, 22, 1, 0, SYN, 0), Direction.ToVm, PacketKind.TcpSyn),
        row("SYN-ACK out", VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 40112, 9, 2, SYN_ACK, 0), Direction.FromVm, PacketKind.TcpSynAck),
        row("RST out", VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 40112, 0, 2, RST_ACK, 0), Direction.FromVm, PacketKind.TcpRst),
        row("bare RST in", GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(40112, 22, 5, 0, RST, 0), Direction.ToVm, PacketKind.TcpRst),
        row("data", GW_MAC, VM_MAC, PEER_IP, VM_IP, 6, tcp(40112, 22, 5, 7, PSH_ACK, 40), Direction.ToVm, PacketKind.TcpData),
        row("ACK", VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 40112, 5, 7, ACK, 0), Direction.FromVm, PacketKind.TcpOther),
        row("FIN", VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 40112, 5, 7, FIN_ACK, 0), Direction.FromVm, PacketKind.TcpFin),
        row("FIN with data", VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 40112, 5, 7, FIN_ACK | 0x08, 12), Direction.FromVm, PacketKind.TcpFin),
        row("RST with FIN", VM_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 40112, 5, 7, FIN_ACK | RST, 0), Direction.FromVm, PacketKind.TcpRst),
        row("echo request in", GW_MAC, VM_MAC, PEER_IP, VM_IP, 1, icmp(8, 0, 3, 1, 56), Direction.ToVm, PacketKind.IcmpEchoRequest),
        row("echo reply out", VM_MAC, GW_MAC, VM_IP, PEER_IP, 1, icmp(0, 0, 3, 1, 56), Direction.FromVm, PacketKind.IcmpEchoReply),
        row("unreachable out", VM_MAC, GW_MAC, VM_IP, PEER_IP, 1, icmp(3, 3, 0, 0, 28), Direction.FromVm, PacketKind.IcmpUnreachable),
        row("time exceeded in", GW_MAC, VM_MAC, PEER_IP, VM_IP, 1, icmp(11, 0, 0, 0, 28), Direction.ToVm, PacketKind.IcmpOther),
        row("UDP in", GW_MAC, VM_MAC, PEER_IP, VM_IP, 17, udp(5353, 53, 20), Direction.ToVm, PacketKind.Udp),
        row("DHCP request out", VM_MAC, BROADCAST, "0.0.0.0", "255.255.255.255", 17, dhcp(1, VM_MAC), Direction.FromVm, PacketKind.Dhcp),
        row("DHCP relay 67 to 67", GW_MAC, VM_MAC, PEER_IP, VM_IP, 17, udp(67, 67, 8), Direction.ToVm, PacketKind.Dhcp),
        row("UDP from port 68 to a non-DHCP port", VM_MAC, GW_MAC, VM_IP, PEER_IP, 17, udp(68, 5000, 8), Direction.FromVm, PacketKind.Udp),
        row("GRE in", GW_MAC, VM_MAC, PEER_IP, VM_IP, 47, new byte[24], Direction.ToVm, PacketKind.Other),
        // Routed: the MACs are the routers', the addresses decide.
        row("routed in", GW_MAC, PEER_MAC, PEER_IP, VM_IP, 6, tcp(1, 22, 0, 0, SYN, 0), Direction.ToVm, PacketKind.TcpSyn),
        row("routed out", PEER_MAC, GW_MAC, VM_IP, PEER_IP, 6, tcp(22, 1, 0, 0, SYN_ACK, 0), Direction.FromVm, PacketKind.TcpSynAck),
        row("unrelated", GW_MAC, PEER_MAC, GW_IP, PEER_IP, 1, icmp(8, 0, 1, 1, 8), null, PacketKind.IcmpEchoRequest));
  }

  private static Arguments row(String name, String src, String dst, String srcIp, String dstIp, int protocol,
      byte[] l4, Direction direction, PacketKind kind) {
    return Arguments.of(name, ethernet(dst, src, 0x0800, ipv4(srcIp, dstIp, protocol, l4)), direction, kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ipv4Frames")
  void classifiesIpv4(String name, byte[] frame, Direction direction, PacketKind kind) {
    assertThat(v4.classify(frame)).isEqualTo(FrameClass.of(direction, kind));
  }

  @ParameterizedTest(name = "{0} behind a VLAN tag")
  @MethodSource("ipv4Frames")
  void skipsVlanTags(String name, byte[] frame, Direction direction, PacketKind kind) {
    assertThat(v4.classify(tagged(frame, 700))).isEqualTo(FrameClass.of(direction, kind));
    assertThat(v4.classify(tagged(tagged(frame, 700), 10))).isEqualTo(FrameClass.of(direction, kind));
  }

  @Test
  void arpWhoHasForTheGatewayComesFromTheVm() {
    byte[] frame = ethernet(BROADCAST, VM_MAC, 0x0806, arp(1, VM_MAC, VM_IP, null, GW_IP));
    assertThat(v4.classify(frame)).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.ArpRequest));
  }

  @Test
  void broadcastWhoHasForTheVmGoesToTheVm() {
    byte[] frame = ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP));
    assertThat(v4.classify(frame)).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.ArpRequest));
    // Without the VM's IP only the MACs can tell, and a broadcast from elsewhere is not the VM's.
    assertThat(macOnly.classify(frame)).isEqualTo(FrameClass.of(null, PacketKind.ArpRequest));
  }

  @Test
  void arpRepliesBothWays() {
    byte[] toVm = ethernet(VM_MAC, GW_MAC, 0x0806, arp(2, GW_MAC, GW_IP, VM_MAC, VM_IP));
    byte[] fromVm = ethernet(GW_MAC, VM_MAC, 0x0806, arp(2, VM_MAC, VM_IP, GW_MAC, GW_IP));
    assertThat(v4.classify(toVm)).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.ArpReply));
    assertThat(v4.classify(fromVm)).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.ArpReply));
    assertThat(macOnly.classify(fromVm)).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.ArpReply));
  }

  @Test
  void unrelatedArpIsNotTheVms() {
    byte[] frame = ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, PEER_IP));
    assertThat(v4.classify(frame)).isEqualTo(FrameClass.of(null, PacketKind.ArpRequest));
  }

  @Test
  void unknownArpOpcodeIsOther() {
    byte[] frame = ethernet(BROADCAST, VM_MAC, 0x0806, arp(3, VM_MAC, VM_IP, null, GW_IP));
    assertThat(v4.classify(frame)).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.Other));
  }

  @Test
  void classifiesIpv6() {
    byte[] echo = ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6(PEER_IP6, VM_IP6, 58, icmp(128, 0, 1, 1, 56)));
    byte[] reply = ethernet(GW_MAC, VM_MAC, 0x86dd, ipv6(VM_IP6, PEER_IP6, 58, icmp(129, 0, 1, 1, 56)));
    byte[] syn = ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6(PEER_IP6, VM_IP6, 6, tcp(1, 22, 0, 0, SYN, 0)));
    byte[] solicitation = ethernet("33:33:ff:00:00:51", GW_MAC, 0x86dd,
        ipv6(PEER_IP6, "ff02::1:ff00:51", 58, neighbor(135, VM_IP6)));
    byte[] advertisement = ethernet(GW_MAC, VM_MAC, 0x86dd, ipv6(VM_IP6, PEER_IP6, 58, neighbor(136, VM_IP6)));
    byte[] udp = ethernet(GW_MAC, PEER_MAC, 0x86dd, ipv6(PEER_IP6, VM_IP6, 17, udp(1, 53, 4)));

    assertThat(v6.classify(echo)).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.IcmpEchoRequest));
    assertThat(v6.classify(reply)).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.IcmpEchoReply));
    assertThat(v6.classify(syn)).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.TcpSyn));
    assertThat(v6.classify(solicitation)).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.NeighborSolicitation));
    assertThat(v6.classify(advertisement)).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.NeighborAdvertisement));
    assertThat(v6.classify(udp)).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.Udp));
  }

  @Test
  void skipsIpv6HopByHopHeader() {
    byte[] hopByHop = new byte[8 + 20];
    hopByHop[0] = 6; // next header: TCP
    hopByHop[1] = 0; // 8 bytes
    System.arraycopy(tcp(1, 22, 0, 0, SYN_ACK, 0), 0, hopByHop, 8, 20);
    byte[] frame = ethernet(GW_MAC, VM_MAC, 0x86dd, ipv6(VM_IP6, PEER_IP6, 0, hopByHop));
    assertThat(v6.classify(frame)).isEqualTo(FrameClass.of(Direction.FromVm, PacketKind.TcpSynAck));
  }

  @Test
  void ipv4LaterFragmentIsOther() {
    byte[] packet = ipv4(PEER_IP, VM_IP, 6, new byte[40]);
    packet[6] = 0x00;
    packet[7] = 0x10; // offset 128 bytes: no TCP header here
    assertThat(v4.classify(ethernet(VM_MAC, GW_MAC, 0x0800, packet)))
        .isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.Other));
  }

  @Test
  void truncatedFramesKeepWhatCanBeKnown() {
    byte[] syn = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 6, tcp(1, 22, 0, 0, SYN, 0)));
    assertThat(v4.classify(truncate(syn, 14 + 20 + 13))).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.TcpOther));
    assertThat(v4.classify(truncate(syn, 14 + 20 + 14))).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.TcpSyn));
    assertThat(v4.classify(truncate(syn, 14 + 10))).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.Other));
    assertThat(v4.classify(truncate(syn, 12))).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.Other));
    assertThat(v4.classify(truncate(syn, 11))).isEqualTo(FrameClass.of(null, PacketKind.Other));
    // The length argument wins over the array size (snap length cut).
    assertThat(v4.classify(syn, 14 + 20 + 13)).isEqualTo(FrameClass.of(Direction.ToVm, PacketKind.TcpOther));
    byte[] whoHas = ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP));
    assertThat(v4.classify(truncate(whoHas, 14 + 27))).isEqualTo(FrameClass.of(null, PacketKind.ArpRequest));
  }

  @Test
  void emptyNullAndGarbageNeverThrow() {
    assertThat(v4.classify(null)).isEqualTo(FrameClass.of(null, PacketKind.Other));
    assertThat(v4.classify(new byte[0])).isEqualTo(FrameClass.of(null, PacketKind.Other));
    assertThat(v4.classify(new byte[60], -5)).isEqualTo(FrameClass.of(null, PacketKind.Other));
    assertThat(v4.classify(new byte[10], 1000)).isEqualTo(FrameClass.of(null, PacketKind.Other));
    Random random = new Random(42);
    FrameClassifier[] classifiers = {v4, v6, macOnly};
    byte[] valid = tagged(ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6(PEER_IP6, VM_IP6, 0, new byte[64])), 5);
    assertThatCode(() -> {
      for (int i = 0; i < 200_000; i++) {
        byte[] frame = new byte[random.nextInt(120)];
        random.nextBytes(frame);
        if (frame.length > 16 && random.nextBoolean()) {
          // Plausible headers with random contents reach the deeper parsers.
          System.arraycopy(valid, 0, frame, 0, Math.min(frame.length, 14 + 4 + random.nextInt(48)));
        }
        classifiers[i % 3].classify(frame);
      }
    }).doesNotThrowAnyException();
  }

  @Test
  void allocatesNothingPerFrame() {
    byte[][] frames = {
        ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 6, tcp(1, 22, 0, 0, SYN, 0))),
        tagged(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 1, icmp(0, 0, 1, 1, 8))), 7),
        ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP)),
        ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6(PEER_IP6, VM_IP6, 58, icmp(128, 0, 1, 1, 8))),
        qinq(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(22, 1, 0, 0, PSH_ACK, 100))), 10, 700),
        ethernet(BROADCAST, VM_MAC, 0x0800, ipv4("0.0.0.0", "255.255.255.255", 17, dhcp(1, VM_MAC))),
        ethernet("33:33:ff:00:00:51", GW_MAC, 0x86dd, ipv6(PEER_IP6, "ff02::1:ff00:51", 58, neighbor(135, VM_IP6))),
        truncate(ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 17, udp(9, 53, 200))), 64)};
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 200_000; i++) {
      sink += classifyAndReadFacts(frames[i & 7]);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      sink += classifyAndReadFacts(frames[i & 7]);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(sink).isPositive();
    assertThat(allocated).as("bytes allocated for a million frames").isLessThan(16 * 1024);
  }

  private long classifyAndReadFacts(byte[] frame) {
    FrameClass frameClass = v4.classify(frame);
    FrameFacts facts = v4.lastFacts();
    return frameClass.kind().ordinal() + facts.vlanId() + facts.peerOffset(frameClass.direction())
        + facts.vmPort(frame, frameClass.direction());
  }

  @Test
  void rejectsBadConstructorInput() {
    assertThatThrownBy(() -> new FrameClassifier(new byte[5], null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameClassifier(new byte[6], new byte[5])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sharesResultInstances() {
    byte[] frame = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 1, icmp(8, 0, 1, 1, 8)));
    assertThat(v4.classify(frame)).isSameAs(v4.classify(frame));
  }

  /** Inserts an 802.1Q tag after the MACs. */
  static byte[] tagged(byte[] frame, int vlan) {
    byte[] out = new byte[frame.length + 4];
    System.arraycopy(frame, 0, out, 0, 12);
    out[12] = (byte) 0x81;
    out[13] = 0x00;
    out[14] = (byte) (vlan >> 8);
    out[15] = (byte) vlan;
    System.arraycopy(frame, 12, out, 16, frame.length - 12);
    return out;
  }
}
