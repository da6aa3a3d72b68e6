package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TcpdumpLineTest {
  private static final long T = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-05-06T13:04:05.000123Z"));

  private static String line(byte[] frame) {
    return TcpdumpLine.describe(frame, frame.length);
  }

  @Test
  void prefixesUtcTimeWithMicroseconds() {
    byte[] frame = ethernet(BROADCAST, VM_MAC, 0x0806, arp(1, VM_MAC, VM_IP, null, GW_IP));
    assertThat(TcpdumpLine.format(T, frame, frame.length))
        .isEqualTo("13:04:05.000123 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28");
    assertThat(TcpdumpLine.timeOfDay(0)).isEqualTo("00:00:00.000000");
    assertThat(TcpdumpLine.timeOfDay(-1)).isEqualTo("23:59:59.999999");
  }

  @Test
  void arpRequestsAndReplies() {
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x0806, arp(2, GW_MAC, GW_IP, VM_MAC, VM_IP))))
        .isEqualTo("ARP, Reply 10.77.0.1 is-at 02:aa:bb:cc:dd:01, length 28");
    // A unicast re-check names the MAC it expects, as tcpdump does.
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, VM_MAC, VM_IP))))
        .isEqualTo("ARP, Request who-has 10.77.0.51 (52:54:00:12:34:56) tell 10.77.0.1, length 28");
    // Padded to the Ethernet minimum on the wire: tcpdump reports the padded length.
    byte[] whoHas = ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP));
    assertThat(TcpdumpLine.describe(whoHas, 60)).endsWith("tell 10.77.0.1, length 46");
  }

  @Test
  void tcpFlagsLikeTcpdump() {
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 6, tcp(40112, 22, 123, 0, SYN, 0)))))
        .isEqualTo("IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 123, win 64240, length 0");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(22, 40112, 77, 124, SYN_ACK, 0)))))
        .isEqualTo("IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [S.], seq 77, ack 124, win 64240, length 0");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(22, 40112, 0, 124, RST_ACK, 0)))))
        .contains("Flags [R.], seq 0, ack 124");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(22, 40112, 0, 0, RST, 0)))))
        .contains("Flags [R], seq 0, win");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(22, 40112, 1000, 5, PSH_ACK, 36)))))
        .endsWith("Flags [P.], seq 1000:1036, ack 5, win 64240, length 36");
    assertThat(TcpdumpLine.tcpFlags(FIN_ACK)).isEqualTo("F.");
    assertThat(TcpdumpLine.tcpFlags(ACK)).isEqualTo(".");
    assertThat(TcpdumpLine.tcpFlags(0)).isEqualTo("none");
  }

  @Test
  void icmpAndUdp() {
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 1, icmp(8, 0, 3, 1, 56)))))
        .isEqualTo("IP 10.77.0.2 > 10.77.0.51: ICMP echo request, id 3, seq 1, length 64");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 1, icmp(0, 0, 3, 1, 56)))))
        .isEqualTo("IP 10.77.0.51 > 10.77.0.2: ICMP echo reply, id 3, seq 1, length 64");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 1, icmp(3, 3, 0, 0, 28)))))
        .isEqualTo("IP 10.77.0.51 > 10.77.0.2: ICMP destination unreachable, code 3, length 36");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 17, udp(5353, 53, 20)))))
        .isEqualTo("IP 10.77.0.51.5353 > 10.77.0.2.53: UDP, length 20");
  }

  @Test
  void ipv6Packets() {
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6(PEER_IP6, VM_IP6, 58, icmp(128, 0, 7, 2, 56)))))
        .isEqualTo("IP6 fd00::2 > fd00::51: ICMP6, echo request, id 7, seq 2, length 64");
    assertThat(line(ethernet("33:33:ff:00:00:51", GW_MAC, 0x86dd,
        ipv6("fe80::1", "ff02::1:ff00:51", 58, neighbor(135, VM_IP6)))))
        .isEqualTo("IP6 fe80::1 > ff02::1:ff00:51: ICMP6, neighbor solicitation, who has fd00::51, length 24");
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6(PEER_IP6, VM_IP6, 6, tcp(1, 22, 5, 0, SYN, 0)))))
        .isEqualTo("IP6 fd00::2.1 > fd00::51.22: Flags [S], seq 5, win 64240, length 0");
  }

  @Test
  void vlanAndOtherEtherTypes() {
    byte[] echo = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 1, icmp(8, 0, 3, 1, 56)));
    assertThat(line(FrameClassifierTest.tagged(echo, 700)))
        .startsWith("vlan 700, p 0, ethertype IPv4, IP 10.77.0.2 > 10.77.0.51: ICMP echo request");
    assertThat(line(qinq(echo, 10, 700))).startsWith(
        "vlan 10, p 0, ethertype 802.1Q, vlan 700, p 0, ethertype IPv4, IP 10.77.0.2 > 10.77.0.51: ICMP echo request");
    byte[] prioritised = FrameClassifierTest.tagged(ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP)),
        (5 << 13) | 0x1000 | 42);
    assertThat(line(prioritised)).isEqualTo(
        "vlan 42, p 5, DEI, ethertype ARP, ARP, Request who-has 10.77.0.51 tell 10.77.0.1, length 28");
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x88cc, new byte[46]))).isEqualTo("ethertype 0x88cc, length 60");
  }

  @Test
  void neighbourDiscovery() {
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6("fd00::1", VM_IP6, 58, neighbor(136, "fd00::1")))))
        .isEqualTo("IP6 fd00::1 > fd00::51: ICMP6, neighbor advertisement, tgt is fd00::1, length 24");
    assertThat(line(ethernet("33:33:ff:00:00:01", VM_MAC, 0x86dd, ipv6(VM_IP6, "ff02::1:ff00:1", 58, neighbor(135, "fd00::1")))))
        .isEqualTo("IP6 fd00::51 > ff02::1:ff00:1: ICMP6, neighbor solicitation, who has fd00::1, length 24");
    byte[] cut = ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6("fd00::1", VM_IP6, 58, neighbor(136, "fd00::1")));
    assertThat(TcpdumpLine.describe(truncate(cut, 64), cut.length))
        .isEqualTo("IP6 fd00::1 > fd00::51: ICMP6, neighbor advertisement, tgt is [|icmp6]");
  }

  @Test
  void dhcpAndDhcp6() {
    byte[] discover = ethernet(BROADCAST, VM_MAC, 0x0800, ipv4("0.0.0.0", "255.255.255.255", 17, dhcp(1, VM_MAC)));
    assertThat(line(discover)).isEqualTo(
        "IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 52:54:00:12:34:56, length 240");
    assertThat(TcpdumpLine.describe(truncate(discover, 64), discover.length))
        .isEqualTo("IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request [|bootp]");
    assertThat(line(ethernet(BROADCAST, GW_MAC, 0x0800, ipv4(GW_IP, "255.255.255.255", 17, dhcp(2, VM_MAC)))))
        .isEqualTo("IP 10.77.0.1.67 > 255.255.255.255.68: BOOTP/DHCP, Reply, length 240");
    assertThat(line(ethernet("33:33:00:01:00:02", VM_MAC, 0x86dd, ipv6("fe80::5054:ff:fe12:3456", "ff02::1:2", 17, dhcp6(1)))))
        .isEqualTo("IP6 fe80::5054:ff:fe12:3456.546 > ff02::1:2.547: dhcp6 solicit");
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6("fe80::1", "fe80::5054:ff:fe12:3456", 17, dhcp6(7)))))
        .endsWith(".546: dhcp6 reply");
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6("fe80::1", "fe80::2", 17, dhcp6(99)))))
        .endsWith(": dhcp6 msgtype-99");
  }

  @Test
  void unreachablesNameWhatWasUnreachable() {
    byte[] quoted = ipv4(PEER_IP, VM_IP, 17, udp(5353, 53, 0));
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 1, icmpError(3, 3, 0, quoted)))))
        .isEqualTo("IP 10.77.0.51 > 10.77.0.2: ICMP 10.77.0.51 udp port 53 unreachable, length 36");
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(GW_IP, VM_IP, 1, icmpError(3, 1, 0, quoted)))))
        .isEqualTo("IP 10.77.0.1 > 10.77.0.51: ICMP host 10.77.0.51 unreachable, length 36");
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(GW_IP, VM_IP, 1, icmpError(3, 4, 1400, quoted)))))
        .isEqualTo("IP 10.77.0.1 > 10.77.0.51: ICMP 10.77.0.51 unreachable - need to frag (mtu 1400), length 36");
    byte[] quoted6 = ipv6(PEER_IP6, VM_IP6, 17, udp(5353, 53, 0));
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x86dd, ipv6(VM_IP6, PEER_IP6, 58, icmpError(1, 4, 0, quoted6)))))
        .isEqualTo("IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, unreachable port fd00::51 udp port 53, length 56");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x86dd, ipv6(VM_IP6, PEER_IP6, 58, icmp(1, 4, 0, 0, 4)))))
        .isEqualTo("IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, code 4, length 12");
  }

  /** An ICMP error quoting {@code packet}; {@code mtu} fills the second half of the unused word. */
  private static byte[] icmpError(int type, int code, int mtu, byte[] packet) {
    byte[] message = new byte[8 + packet.length];
    message[0] = (byte) type;
    message[1] = (byte) code;
    message[6] = (byte) (mtu >> 8);
    message[7] = (byte) mtu;
    System.arraycopy(packet, 0, message, 8, packet.length);
    return message;
  }

  @Test
  void truncatedFramesEndInMarker() {
    byte[] syn = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 6, tcp(40112, 22, 123, 0, SYN, 0)));
    assertThat(TcpdumpLine.describe(truncate(syn, 14 + 20 + 10), syn.length))
        .isEqualTo("IP 10.77.0.2.40112 > 10.77.0.51.22: [|tcp]");
    assertThat(TcpdumpLine.describe(truncate(syn, 14 + 20 + 2), syn.length))
        .isEqualTo("IP 10.77.0.2 > 10.77.0.51: [|tcp]");
    assertThat(TcpdumpLine.describe(truncate(syn, 20), syn.length)).isEqualTo("IP [|ip]");
    assertThat(TcpdumpLine.describe(truncate(syn, 13), syn.length)).isEqualTo("[|ether]");
    byte[] whoHas = ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP));
    assertThat(TcpdumpLine.describe(truncate(whoHas, 30), whoHas.length)).isEqualTo("ARP, Request [|arp]");
    byte[] echo = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 1, icmp(8, 0, 3, 1, 56)));
    assertThat(TcpdumpLine.describe(truncate(echo, 14 + 20 + 4), echo.length))
        .isEqualTo("IP 10.77.0.2 > 10.77.0.51: ICMP echo request [|icmp]");
  }

  @Test
  void everyKindCutAnywhereEndsInAMarkerNotAnException() {
    byte[][] frames = FrameClassifierKindsTest.everyKind().map(a -> (byte[]) a.get()[1]).toArray(byte[][]::new);
    Random random = new Random(11);
    for (int i = 0; i < 50_000; i++) {
      byte[] base = frames[random.nextInt(frames.length)];
      byte[] frame = random.nextBoolean() ? qinq(base, random.nextInt(4096), 700) : base.clone();
      for (int flips = random.nextInt(4); flips > 0; flips--) {
        frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
      }
      byte[] cut = truncate(frame, random.nextInt(frame.length + 1));
      // "[|malformed]" would mean a bounds check was missed and an exception caught.
      assertThat(TcpdumpLine.describe(cut, frame.length)).isNotBlank().doesNotContain("[|malformed]");
    }
  }

  @Test
  void garbageNeverThrows() {
    assertThat(TcpdumpLine.describe(null, 0)).isEqualTo("[|ether]");
    assertThat(TcpdumpLine.format(T, new byte[0], 0)).isEqualTo("13:04:05.000123 [|ether]");
    Random random = new Random(7);
    byte[] valid = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 6, tcp(1, 2, 3, 4, SYN, 0)));
    assertThatCode(() -> {
      for (int i = 0; i < 50_000; i++) {
        byte[] frame = new byte[random.nextInt(100)];
        random.nextBytes(frame);
        if (frame.length > 14 && random.nextBoolean()) {
          System.arraycopy(valid, 0, frame, 0, Math.min(frame.length, 14 + random.nextInt(30)));
          frame[13] = (byte) new int[] {0x00, 0x06, 0xdd, 0x00}[random.nextInt(4)];
          frame[12] = (byte) (frame[13] == (byte) 0xdd ? 0x86 : 0x08);
        }
        assertThat(TcpdumpLine.format(T, frame, random.nextInt(200) - 50)).isNotBlank();
      }
    }).doesNotThrowAnyException();
  }
}
