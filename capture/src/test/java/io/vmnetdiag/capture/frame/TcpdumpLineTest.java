package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.testkit.LabTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        .isEqualTo("IP 10.77.0.51 > 10.77.0.2: ICMP 0.0.0.0 protocol 0 port 0 unreachable, length 36");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 17, udp(40000, 5000, 20)))))
        .isEqualTo("IP 10.77.0.51.40000 > 10.77.0.2.5000: UDP, length 20");
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
  void vlanTagsAreNotShownAsTcpdumpWithoutEDoesNot() {
    byte[] echo = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 1, icmp(8, 0, 3, 1, 56)));
    assertThat(line(FrameClassifierTest.tagged(echo, 700))).isEqualTo(line(echo));
    assertThat(line(qinq(echo, 10, 700))).isEqualTo(line(echo));
    byte[] whoHas = ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP));
    assertThat(line(FrameClassifierTest.tagged(whoHas, (5 << 13) | 0x1000 | 42)))
        .isEqualTo("ARP, Request who-has 10.77.0.51 tell 10.77.0.1, length 28");
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x88b7, new byte[46])))
        .isEqualTo("02:aa:bb:cc:dd:01 > 52:54:00:12:34:56, ethertype Unknown (0x88b7), length 60:");
  }

  @Test
  void neighbourDiscovery() {
    assertThat(line(ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6("fd00::1", VM_IP6, 58, neighbor(136, "fd00::1")))))
        .isEqualTo("IP6 fd00::1 > fd00::51: ICMP6, neighbor advertisement, tgt is fd00::1, length 24");
    assertThat(line(ethernet("33:33:ff:00:00:01", VM_MAC, 0x86dd, ipv6(VM_IP6, "ff02::1:ff00:1", 58, neighbor(135, "fd00::1")))))
        .isEqualTo("IP6 fd00::51 > ff02::1:ff00:1: ICMP6, neighbor solicitation, who has fd00::1, length 24");
    byte[] cut = ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6("fd00::1", VM_IP6, 58, neighbor(136, "fd00::1")));
    assertThat(TcpdumpLine.describe(truncate(cut, 64), cut.length))
        .isEqualTo("IP6 fd00::1 > fd00::51: ICMP6, neighbor advertisement [|icmp6]");
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
        .isEqualTo("IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, unreachable port, fd00::51 udp port 53, length 56");
    assertThat(line(ethernet(GW_MAC, VM_MAC, 0x86dd, ipv6(VM_IP6, PEER_IP6, 58, icmp(1, 4, 0, 0, 4)))))
        .isEqualTo("IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, unreachable port [|icmp6]");
  }

  @Test
  void truncatedFramesEndInMarker() {
    byte[] syn = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 6, tcp(40112, 22, 123, 0, SYN, 0)));
    assertThat(TcpdumpLine.describe(truncate(syn, 14 + 20 + 10), syn.length))
        .isEqualTo("IP 10.77.0.2.40112 > 10.77.0.51.22:  [|tcp]");
    assertThat(TcpdumpLine.describe(truncate(syn, 14 + 20 + 2), syn.length))
        .isEqualTo("IP 10.77.0.2 > 10.77.0.51: [|tcp]");
    assertThat(TcpdumpLine.describe(truncate(syn, 20), syn.length)).isEqualTo("IP  [|ip]");
    assertThat(TcpdumpLine.describe(truncate(syn, 13), syn.length)).isEqualTo(" [|ether]");
    byte[] whoHas = ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP));
    assertThat(TcpdumpLine.describe(truncate(whoHas, 30), whoHas.length)).isEqualTo(" [|arp]");
    byte[] echo = ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 1, icmp(8, 0, 3, 1, 56)));
    assertThat(TcpdumpLine.describe(truncate(echo, 14 + 20 + 4), echo.length))
        .isEqualTo("IP 10.77.0.2 > 10.77.0.51:  [|icmp]");
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
    assertThat(TcpdumpLine.describe(null, 0)).isEqualTo(" [|ether]");
    assertThat(TcpdumpLine.format(T, new byte[0], 0)).isEqualTo("13:04:05.000123  [|ether]");
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

  // ---------------------------------------------------------------- rows checked against tcpdump 4.99

  /**
   * One row per way tcpdump prints something: the frame, how much of it was captured, and the line
   * {@code tcpdump -nn -S} prints (timestamp aside). {@link #everyRowIsWhatTcpdumpPrints} checks every expectation
   * against the installed tcpdump, so a row cannot encode a guess.
   */
  static Stream<Arguments> rows() {
    byte[] mss = {2, 4, 0x05, (byte) 0xb4};
    byte[] sackOk = {4, 2};
    byte[] timestamps = {8, 10, 0, 0, 0, 1, 0, 0, 0, 0};
    byte[] nop = {1};
    byte[] wscale = {3, 3, 7};
    byte[] synOptions = concat(mss, sackOk, timestamps, nop, wscale);
    byte[] syn = v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 123, 0, SYN, synOptions, 0, 0));
    byte[] quoted = ipv4(VM_IP, "10.99.0.1", 17, udp(40100, 33434, 12));
    byte[] quoted6 = ipv6(VM_IP6, "fd00::99", 17, udp(40100, 53, 8));
    byte[] lldp = concat(new byte[] {0x02, 0x07, 0x04}, mac(VM_MAC), new byte[] {0x04, 0x07, 0x03}, mac(VM_MAC),
        new byte[] {0x06, 0x02, 0x00, 0x78, 0x0a, 0x05, 'h', 'o', 's', 't', '1', 0x00, 0x00});
    return Stream.of(
        // TCP: options, when the sequence shows, flag order, urgent pointer, truncation inside the options.
        row("SYN with its options", syn, 
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 123, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0"),
        row("a pure ACK has no seq", v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 124, 78, ACK, concat(nop, nop, timestamps), 0, 0)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [.], ack 78, win 64240, options [nop,nop,TS val 1 ecr 0], length 0"),
        row("ECN SYN", v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 123, 0, SYN | 0xc0, mss, 0, 0)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [SEW], seq 123, win 64240, options [mss 1460], length 0"),
        row("ECN SYN-ACK: the dot before E", v4(VM_IP, PEER_IP, 6, tcpWith(22, 40112, 77, 124, SYN_ACK | 0x40, mss, 0, 0)),
            "IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [S.E], seq 77, ack 124, win 64240, options [mss 1460], length 0"),
        row("urgent data", v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 1000, 5, PSH_ACK | 0x20, new byte[0], 2, 3)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [P.U], seq 1000:1003, ack 5, win 64240, urg 2, length 3"),
        row("SACK block", v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 124, 78, ACK,
                concat(nop, nop, new byte[] {5, 10, 0, 0, 1, 0x2c, 0, 0, 1, (byte) 0x90}), 0, 0)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [.], ack 78, win 64240, options [nop,nop,sack 1 {300:400}], length 0"),
        row("an option longer than its kind", v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 124, 78, ACK,
                new byte[] {2, 5, 0x05, (byte) 0xb4, 0, 1, 1, 1}, 0, 0)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [.], ack 78, win 64240, options [mss 1460[len 5],eol], length 0"),
        row("an option longer than the header: no length follows", v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 124, 78,
                ACK, new byte[] {2, 9, 0x05, (byte) 0xb4}, 0, 0)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [.], ack 78, win 64240, options [[bad opt]"),
        row("MD5 signature and user timeout", v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 124, 78, ACK,
                concat(new byte[] {19, 18}, new byte[16], new byte[] {28, 4, 0, 5}, nop, nop), 0, 0)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [.], ack 78, win 64240, options [md5 shared secret not supplied with -M, can't check - 00000000000000000000000000000000,uto 0x5 120,nop,nop], length 0"),
        row("an unknown option kind", v4(PEER_IP, VM_IP, 6, tcpWith(40112, 22, 124, 78, ACK, new byte[] {99, 3, 1, 1}, 0, 0)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [.], ack 78, win 64240, options [unknown-99 0x01,nop], length 0"),
        cut("options cut before a kind", syn, 14 + 20 + 26,
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 123, win 64240, options [mss 1460,sackOK, [|tcp]"),
        cut("options cut inside one", syn, 14 + 20 + 30,
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 123, win 64240, options [mss 1460,sackOK,TS [|tcp]>"),
        row("no flags", v4(PEER_IP, VM_IP, 6, tcp(40112, 22, 5, 0, 0, 0)),
            "IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [none], win 64240, length 0"),
        cut("header cut after the ports", syn, 14 + 20 + 12, "IP 10.77.0.2.40112 > 10.77.0.51.22:  [|tcp]"),
        cut("header cut inside the ports", syn, 14 + 20 + 3, "IP 10.77.0.2 > 10.77.0.51: [|tcp]"),
        // TCP payloads tcpdump decodes on a VM's usual ports: the SSH banner, an HTTP request or response line.
        row("SSH banner", v4(VM_IP, PEER_IP, 6, withData(tcp(22, 40112, 77, 124, PSH_ACK, 0), "SSH-2.0-OpenSSH_9.2p1\r\n")),
            "IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [P.], seq 77:100, ack 124, win 64240, length 23: SSH: SSH-2.0-OpenSSH_9.2p1"),
        cut("SSH banner cut", v4(VM_IP, PEER_IP, 6, withData(tcp(22, 40112, 77, 124, PSH_ACK, 0), "SSH-2.0-OpenSSH_9.2p1\r\n")),
            14 + 20 + 20 + 10, "IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [P.], seq 77:100, ack 124, win 64240, length 23 [|ssh]"),
        row("encrypted SSH", v4(VM_IP, PEER_IP, 6, withData(tcp(22, 40112, 77, 124, PSH_ACK, 0), "\u0000\u0000\u0001\u0004")),
            "IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [P.], seq 77:81, ack 124, win 64240, length 4"),
        row("HTTP request", v4(PEER_IP, VM_IP, 6, withData(tcp(40112, 80, 124, 77, PSH_ACK, 0), "GET / HTTP/1.1\r\nHost: vm\r\n\r\n")),
            "IP 10.77.0.2.40112 > 10.77.0.51.80: Flags [P.], seq 124:152, ack 77, win 64240, length 28: HTTP: GET / HTTP/1.1"),
        row("HTTP response", v4(VM_IP, PEER_IP, 6, withData(tcp(80, 40112, 77, 152, PSH_ACK, 0), "HTTP/1.1 200 OK\r\n\r\n")),
            "IP 10.77.0.51.80 > 10.77.0.2.40112: Flags [P.], seq 77:96, ack 152, win 64240, length 19: HTTP: HTTP/1.1 200 OK"),
        row("HTTP body", v4(VM_IP, PEER_IP, 6, withData(tcp(8080, 40112, 77, 152, PSH_ACK, 0), "{\"ok\":true}")),
            "IP 10.77.0.51.8080 > 10.77.0.2.40112: Flags [P.], seq 77:88, ack 152, win 64240, length 11: HTTP"),
        cut("HTTP request line cut", v4(PEER_IP, VM_IP, 6, withData(tcp(40112, 80, 124, 77, PSH_ACK, 0), "GET /index.html HTTP/1.1\r\n\r\n")),
            14 + 20 + 20 + 12, "IP 10.77.0.2.40112 > 10.77.0.51.80: Flags [P.], seq 124:152, ack 77, win 64240, length 28: HTTP [|http]"),
        // Link layer: VLAN tags print only with -e; EtherTypes without a decoder; LLDP.
        row("VLAN tag, not shown without -e", tagged(ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 1, icmp(8, 0, 3, 1, 56))), 700),
            "IP 10.77.0.2 > 10.77.0.51: ICMP echo request, id 3, seq 1, length 64"),
        row("QinQ ARP", qinq(ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP)), 10, 700),
            "ARP, Request who-has 10.77.0.51 tell 10.77.0.1, length 28"),
        row("unknown EtherType", ethernet(VM_MAC, GW_MAC, 0x88b5, new byte[46]),
            "02:aa:bb:cc:dd:01 > 52:54:00:12:34:56, ethertype Unknown (0x88b5), length 60:"),
        row("LLDP with a system name", ethernet("01:80:c2:00:00:0e", VM_MAC, 0x88cc, lldp), "LLDP, length 31: host1"),
        cut("LLDP cut", ethernet("01:80:c2:00:00:0e", VM_MAC, 0x88cc, lldp), 40, "LLDP, length 31 [|lldp]"),
        row("STP config BPDU", stp(0, 0x00, 0x81),
            "STP 802.1d, Config, Flags [Topology change, Topology change ACK], bridge-id 8000.52:54:00:12:34:56.8001, length 35"),
        row("STP topology change notification", stp(0, 0x80, 0), "STP 802.1d, Topology Change"),
        row("RSTP BPDU", stp(2, 0x02, 0x7e),
            "STP 802.1w, Rapid STP, Flags [Proposal, Learn, Forward, Agreement], bridge-id 8000.52:54:00:12:34:56.8001, length 36"),
        cut("BPDU cut before the bridge id", stp(0, 0x00, 0), 40, "STP 802.1d, Config, Flags [none] [|stp]"),
        cut("LLC header cut", stp(0, 0x00, 0), 15, " [|llc]"),
        cut("Ethernet header cut", syn, 13, " [|ether]"),
        // ARP: all or nothing; RARP and inverse ARP.
        cut("ARP cut", ethernet(BROADCAST, GW_MAC, 0x0806, arp(1, GW_MAC, GW_IP, null, VM_IP)), 14 + 27, " [|arp]"),
        row("ARP probe", ethernet(BROADCAST, VM_MAC, 0x0806, arp(1, VM_MAC, "0.0.0.0", null, VM_IP)),
            "ARP, Request who-has 10.77.0.51 tell 0.0.0.0, length 28"),
        row("ARP over IEEE 802 hardware", ethernet(BROADCAST, VM_MAC, 0x0806, withHardware(arp(1, VM_MAC, VM_IP, null, GW_IP), 6)),
            "ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28"),
        row("ARP for another protocol", ethernet(BROADCAST, VM_MAC, 0x0806, withProtocol(arp(1, VM_MAC, VM_IP, null, GW_IP), 0x86dd)),
            "ARP, Ethernet (len 6), IPv6 (len 4), length 28"),
        row("RARP request", ethernet(BROADCAST, VM_MAC, 0x8035, arp(3, VM_MAC, "0.0.0.0", VM_MAC, "0.0.0.0")),
            "ARP, Reverse Request who-is 52:54:00:12:34:56 tell 52:54:00:12:34:56, length 28"),
        row("inverse ARP reply", ethernet(BROADCAST, VM_MAC, 0x0806, arp(9, VM_MAC, VM_IP, GW_MAC, GW_IP)),
            "ARP, Inverse Reply 52:54:00:12:34:56 at 10.77.0.51, length 28"),
        row("ARP with an unknown opcode (tcpdump adds a hex dump)", ethernet(BROADCAST, VM_MAC, 0x0806, arp(7, VM_MAC, VM_IP, null, GW_IP)),
            "ARP, Unknown (7)"),
        // IPv4: truncation, later fragments, protocols without a decoder.
        cut("IPv4 header absent", syn, 14, " [|ip]"),
        cut("IPv4 header cut", syn, 14 + 19, "IP  [|ip]"),
        cut("IP total length beyond the frame (tcpdump counts what is missing)", withTotalLength(v4(PEER_IP, VM_IP, 6,
                tcp(40112, 5000, 123, 0, SYN, 0)), 200), 54,
            "IP truncated-ip - 160 bytes missing! 10.77.0.2.40112 > 10.77.0.51.5000: Flags [S], seq 123:283, win 64240, length 160"),
        row("IP total length shorter than its header", withTotalLength(v4(PEER_IP, VM_IP, 6, tcp(40112, 22, 123, 0, SYN, 0)), 10),
            "IP bad-len 10"),
        row("IP header length below 20", withByte(v4(PEER_IP, VM_IP, 6, tcp(40112, 22, 123, 0, SYN, 0)), 14, 0x43),
            "IP bad-hlen 12"),
        row("IPv6 behind the IPv4 EtherType", withByte(v4(PEER_IP, VM_IP, 6, tcp(40112, 22, 123, 0, SYN, 0)), 14, 0x65),
            "IP6, wrong link-layer encapsulation (invalid)"),
        row("IPv4 behind the IPv6 EtherType", withByte(v6(PEER_IP6, VM_IP6, 59, new byte[0]), 14, 0x45),
            "IP6 version error: 4 != 6"),
        row("a later fragment", fragment(v4(PEER_IP, VM_IP, 17, new byte[24]), 0x0003),
            "IP 10.77.0.2 > 10.77.0.51: ip-proto-17"),
        row("an unknown protocol", v4(PEER_IP, VM_IP, 253, new byte[12]), "IP 10.77.0.2 > 10.77.0.51:  ip-proto-253 12"),
        // ICMP: the whole message or only the marker; every unreachable code; other types.
        cut("echo cut", v4(PEER_IP, VM_IP, 1, icmp(8, 0, 3, 1, 56)), 14 + 20 + 6, "IP 10.77.0.2 > 10.77.0.51:  [|icmp]"),
        row("port unreachable for TCP", v4(VM_IP, PEER_IP, 1, icmpError(3, 3, 0, ipv4(PEER_IP, VM_IP, 6, tcp(40112, 22, 1, 0, SYN, 0)))),
            "IP 10.77.0.51 > 10.77.0.2: ICMP 10.77.0.51 tcp port 22 unreachable, length 48"),
        row("port unreachable for another protocol", v4(VM_IP, PEER_IP, 1, icmpError(3, 3, 0, ipv4(PEER_IP, VM_IP, 132, udp(1, 9, 0)))),
            "IP 10.77.0.51 > 10.77.0.2: ICMP 10.77.0.51 protocol 132 port 9 unreachable, length 36"),
        cut("port unreachable, quoted header cut", v4(VM_IP, PEER_IP, 1, icmpError(3, 3, 0, quoted)), 14 + 20 + 8 + 19,
            "IP 10.77.0.51 > 10.77.0.2:  [|icmp]"),
        row("filtered", v4(GW_IP, VM_IP, 1, icmpError(3, 13, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP host 10.99.0.1 unreachable - admin prohibited filter, length 48"),
        row("net prohibited", v4(GW_IP, VM_IP, 1, icmpError(3, 9, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP net 10.99.0.1 unreachable - admin prohibited, length 48"),
        row("source route failed", v4(GW_IP, VM_IP, 1, icmpError(3, 5, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP 10.99.0.1 unreachable - source route failed, length 48"),
        row("an unknown unreachable code", v4(GW_IP, VM_IP, 1, icmpError(3, 16, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP 10.99.0.1 unreachable - #16, length 48"),
        row("need to frag without an MTU", v4(GW_IP, VM_IP, 1, icmpError(3, 4, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP 10.99.0.1 unreachable - need to frag, length 48"),
        row("protocol unreachable", v4(GW_IP, VM_IP, 1, icmpError(3, 2, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP 10.99.0.1 protocol 17 unreachable, length 48"),
        row("TTL exceeded", v4(GW_IP, VM_IP, 1, icmpError(11, 0, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP time exceeded in-transit, length 48"),
        row("reassembly time exceeded", v4(GW_IP, VM_IP, 1, icmpError(11, 1, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP ip reassembly time exceeded, length 48"),
        row("redirect to a host", v4(GW_IP, VM_IP, 1, withWord(icmpError(5, 1, 0, quoted), GW_IP)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP redirect 10.99.0.1 to host 10.77.0.1, length 48"),
        row("parameter problem", v4(GW_IP, VM_IP, 1, withWord(icmpError(12, 0, 0, quoted), "5.0.0.0")),
            "IP 10.77.0.1 > 10.77.0.51: ICMP parameter problem - octet 5, length 48"),
        row("source quench", v4(GW_IP, VM_IP, 1, icmpError(4, 0, 0, quoted)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP source quench, length 48"),
        row("an unknown ICMP type", v4(GW_IP, VM_IP, 1, icmp(42, 0, 0, 0, 4)),
            "IP 10.77.0.1 > 10.77.0.51: ICMP type-#42, length 12"),
        row("port unreachable quoting nothing but zeros", v4(VM_IP, PEER_IP, 1, icmp(3, 3, 0, 0, 28)),
            "IP 10.77.0.51 > 10.77.0.2: ICMP 0.0.0.0 protocol 0 port 0 unreachable, length 36"),
        // IGMP: no length, the group named.
        row("IGMPv3 report", v4(VM_IP, "224.0.0.22", 2, concat(new byte[] {0x22, 0, 0, 0, 0, 0, 0, 1},
                new byte[] {4, 0, 0, 0, (byte) 224, 0, 0, (byte) 251})),
            "IP 10.77.0.51 > 224.0.0.22: igmp v3 report, 1 group record(s)"),
        row("IGMPv2 report", v4(VM_IP, "224.0.0.251", 2, igmp(0x16, 0, "224.0.0.251")),
            "IP 10.77.0.51 > 224.0.0.251: igmp v2 report 224.0.0.251"),
        row("IGMP leave", v4(VM_IP, "224.0.0.2", 2, igmp(0x17, 0, "224.0.0.251")),
            "IP 10.77.0.51 > 224.0.0.2: igmp leave 224.0.0.251"),
        row("IGMPv2 general query", v4(GW_IP, "224.0.0.1", 2, igmp(0x11, 50, "0.0.0.0")),
            "IP 10.77.0.1 > 224.0.0.1: igmp query v2 [max resp time 50]"),
        row("IGMPv1 query", v4(GW_IP, "224.0.0.1", 2, igmp(0x11, 0, "0.0.0.0")), "IP 10.77.0.1 > 224.0.0.1: igmp query v1"),
        row("IGMPv3 group query", v4(GW_IP, "224.0.0.251", 2, concat(igmp(0x11, 100, "224.0.0.251"), new byte[4])),
            "IP 10.77.0.1 > 224.0.0.251: igmp query v3 [gaddr 224.0.0.251]"),
        row("IGMPv3 query with a long response time", v4(GW_IP, "224.0.0.1", 2, concat(igmp(0x11, 200, "0.0.0.0"), new byte[4])),
            "IP 10.77.0.1 > 224.0.0.1: igmp query v3 [max resp time 5m7s]"),
        row("IGMP query of an odd length", v4(GW_IP, "224.0.0.1", 2, concat(igmp(0x11, 100, "0.0.0.0"), new byte[2])),
            "IP 10.77.0.1 > 224.0.0.1: igmp query v2 [len 10]"),
        // IPv6: extension headers tcpdump names, MLD, ICMPv6 errors and their truncation.
        row("MLDv2 report behind hop-by-hop options", v6("fe80::5054:ff:fe12:3456", "ff02::16", 0,
                hopByHop(58, concat(new byte[] {(byte) 143, 0, 0, 0, 0, 0, 0, 2}, new byte[40]))),
            "IP6 fe80::5054:ff:fe12:3456 > ff02::16: HBH ICMP6, multicast listener report v2, 2 group record(s), length 48"),
        row("MLDv1 report", v6("fe80::5054:ff:fe12:3456", "ff02::fb", 0, hopByHop(58, mld(131, 0, "ff02::fb"))),
            "IP6 fe80::5054:ff:fe12:3456 > ff02::fb: HBH ICMP6, multicast listener reportmax resp delay: 0 addr: ff02::fb, length 24"),
        row("MLD done", v6("fe80::5054:ff:fe12:3456", "ff02::2", 0, hopByHop(58, mld(132, 0, "ff02::fb"))),
            "IP6 fe80::5054:ff:fe12:3456 > ff02::2: HBH ICMP6, multicast listener donemax resp delay: 0 addr: ff02::fb, length 24"),
        row("MLDv2 general query", v6("fe80::1", "ff02::1", 0, hopByHop(58, concat(mld(130, 1000, "::"), new byte[4]))),
            "IP6 fe80::1 > ff02::1: HBH ICMP6, multicast listener query v2 [gaddr ::], length 28"),
        row("MLDv2 query claiming more sources than it holds", v6("fe80::1", "ff02::1", 0,
                hopByHop(58, concat(mld(130, 1000, "ff02::fb"), new byte[] {2, 0x7d, 0, 5}, new byte[8]))),
            "IP6 fe80::1 > ff02::1: HBH ICMP6, multicast listener query v2 [gaddr ff02::fb [invalid number of sources]], length 36"),
        row("destination options before an echo", v6(PEER_IP6, VM_IP6, 60,
                concat(new byte[] {58, 0, 1, 4, 0, 0, 0, 0}, icmp(128, 0, 1, 1, 0))),
            "IP6 fd00::2 > fd00::51: DSTOPT ICMP6, echo request, id 1, seq 1, length 8"),
        row("TCP behind hop-by-hop options", v6(PEER_IP6, VM_IP6, 0, hopByHop(6, tcp(1, 22, 5, 0, SYN, 0))),
            "IP6 fd00::2 > fd00::51: HBH 1 > 22: Flags [S], seq 5, win 64240, length 0"),
        row("first IPv6 fragment", v6(PEER_IP6, VM_IP6, 44, concat(new byte[] {58, 0, 0, 1, 0, 0, 0, 7}, icmp(128, 0, 1, 1, 100))),
            "IP6 fd00::2 > fd00::51: frag (0|108) ICMP6, echo request, id 1, seq 1, length 108"),
        row("first IPv6 fragment of a datagram", v6(PEER_IP6, VM_IP6, 44, concat(new byte[] {17, 0, 0, 1, 0, 0, 0, 7}, udp(40000, 5000, 2))),
            "IP6 fd00::2 > fd00::51: frag (0|10) 40000 > 5000: UDP, length 2"),
        row("later IPv6 fragment", v6(PEER_IP6, VM_IP6, 44, concat(new byte[] {17, 0, 0x05, (byte) 0xa8, 0, 0, 0, 7}, new byte[16])),
            "IP6 fd00::2 > fd00::51: frag (1448|16)"),
        cut("fragment's transport header not captured", v6(PEER_IP6, VM_IP6, 44,
                concat(new byte[] {6, 0, 0, 1, 0, 0, 0, 7}, tcp(1, 22, 5, 0, SYN, 0))), 14 + 40 + 8 + 2,
            "IP6 fd00::2 > fd00::51: frag (0|20) fd00::2 > fd00::51: [|tcp]"),
        cut("hop-by-hop header cut", v6("fe80::1", "ff02::16", 0, hopByHop(58, new byte[28])), 14 + 40 + 6,
            "IP6 fe80::1 > ff02::16:  [|hbhopt]"),
        cut("MLDv1 report cut: tcpdump drops the details, keeps the length", v6("fe80::1", "ff02::fb", 0,
                hopByHop(58, mld(131, 0, "ff02::fb"))), 14 + 40 + 8 + 12,
            "IP6 fe80::1 > ff02::fb: HBH ICMP6, multicast listener report, length 24"),
        cut("ICMPv6 type only", v6(PEER_IP6, VM_IP6, 58, icmp(128, 0, 1, 1, 0)), 14 + 40 + 1,
            "IP6 fd00::2 > fd00::51: ICMP6, echo request [|icmp6]"),
        row("no next header", v6(PEER_IP6, VM_IP6, 59, new byte[0]), "IP6 fd00::2 > fd00::51: no next header"),
        row("an unknown next header", v6(PEER_IP6, VM_IP6, 253, new byte[12]), "IP6 fd00::2 > fd00::51:  ip-proto-253 12"),
        cut("IPv6 header cut", v6(PEER_IP6, VM_IP6, 59, new byte[0]), 14 + 39, " [|ip6]"),
        row("port unreachable", v6(VM_IP6, PEER_IP6, 58, icmpError(1, 4, 0, quoted6)),
            "IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, unreachable port, fd00::99 udp port 53, length 64"),
        cut("port unreachable at the default snap length", v6(VM_IP6, PEER_IP6, 58, icmpError(1, 4, 0, quoted6)), 96,
            "IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, unreachable port [|icmp6]"),
        row("administratively prohibited", v6(VM_IP6, PEER_IP6, 58, icmpError(1, 1, 0, quoted6)),
            "IP6 fd00::51 > fd00::2: ICMP6, destination unreachable,  unreachable prohibited fd00::99, length 64"),
        row("beyond scope", v6(VM_IP6, PEER_IP6, 58, icmpError(1, 2, 0, quoted6)),
            "IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, beyond scope fd00::99, source address fd00::51, length 64"),
        cut("no route, quoted header cut", v6(VM_IP6, PEER_IP6, 58, icmpError(1, 0, 0, quoted6)), 96,
            "IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, unreachable route [|icmp6]"),
        row("an unknown unreachable code (tcpdump adds a hex dump)", v6(VM_IP6, PEER_IP6, 58, icmpError(1, 7, 0, quoted6)),
            "IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, unknown unreach code (7)"),
        row("hop limit exceeded", v6(VM_IP6, PEER_IP6, 58, icmpError(3, 0, 0, quoted6)),
            "IP6 fd00::51 > fd00::2: ICMP6, time exceeded in-transit for fd00::99, length 64"),
        row("parameter problem", v6(VM_IP6, PEER_IP6, 58, icmpError(4, 1, 6, quoted6)),
            "IP6 fd00::51 > fd00::2: ICMP6, parameter problem, next header - octet 6, length 64"),
        cut("parameter problem, quoted header cut", v6(VM_IP6, PEER_IP6, 58, icmpError(4, 0, 6, quoted6)), 96,
            "IP6 fd00::51 > fd00::2: ICMP6, parameter problem [|icmp6]"),
        row("packet too big", v6(VM_IP6, PEER_IP6, 58, icmpError(2, 0, 1280, quoted6)),
            "IP6 fd00::51 > fd00::2: ICMP6, packet too big, mtu 1280, length 64"),
        row("router advertisement", v6("fe80::1", "ff02::1", 58, icmp(134, 0, 0x4000, 1800, 8)),
            "IP6 fe80::1 > ff02::1: ICMP6, router advertisement, length 16"),
        cut("neighbour solicitation cut", v6("fe80::1", VM_IP6, 58, neighbor(135, VM_IP6)), 14 + 40 + 10,
            "IP6 fe80::1 > fd00::51: ICMP6, neighbor solicitation [|icmp6]"),
        row("an unknown ICMPv6 type", v6("fe80::1", VM_IP6, 58, icmp(250, 0, 0, 0, 4)),
            "IP6 fe80::1 > fd00::51: ICMP6, unknown icmp6 type (250), length 12"),
        // UDP: truncation, NTP, DNS.
        cut("UDP header cut after the ports", v4(VM_IP, PEER_IP, 17, udp(40000, 5000, 4)), 14 + 20 + 6,
            "IP 10.77.0.51.40000 > 10.77.0.2.5000:  [|udp]"),
        cut("UDP header cut inside the ports", v4(VM_IP, PEER_IP, 17, udp(40000, 5000, 4)), 14 + 20 + 3,
            "IP 10.77.0.51 > 10.77.0.2:  [|udp]"),
        row("NTP client", v4(VM_IP, PEER_IP, 17, udpWith(40000, 123, ntp(0x23))),
            "IP 10.77.0.51.40000 > 10.77.0.2.123: NTPv4, Client, length 48"),
        row("NTP server", v4(PEER_IP, VM_IP, 17, udpWith(123, 40000, ntp(0x24))),
            "IP 10.77.0.2.123 > 10.77.0.51.40000: NTPv4, Server, length 48"),
        cut("NTP cut", v4(VM_IP, PEER_IP, 17, udpWith(40000, 123, ntp(0x23))), 42, "IP 10.77.0.51.40000 > 10.77.0.2.123:  [|ntp]"),
        row("DHCP discover", ethernet(BROADCAST, VM_MAC, 0x0800, ipv4("0.0.0.0", "255.255.255.255", 17, dhcp(1, VM_MAC))),
            "IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 52:54:00:12:34:56, length 240"),
        cut("DHCP discover cut", ethernet(BROADCAST, VM_MAC, 0x0800, ipv4("0.0.0.0", "255.255.255.255", 17, dhcp(1, VM_MAC))), 64,
            "IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request [|bootp]"),
        row("BOOTP with an unknown op", ethernet(BROADCAST, VM_MAC, 0x0800, ipv4("0.0.0.0", "255.255.255.255", 17,
                withByte(dhcp(1, VM_MAC), 8, 3))),
            "IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, unknown (0x03), length 240"),
        row("DHCPv6 leasequery", ethernet("33:33:00:01:00:02", VM_MAC, 0x86dd, ipv6("fe80::5054:ff:fe12:3456", "ff02::1:2", 17,
                withByte(dhcp6(1), 8, 14))),
            "IP6 fe80::5054:ff:fe12:3456.546 > ff02::1:2.547: dhcp6 leasequery"),
        row("DHCPv6 solicit", ethernet("33:33:00:01:00:02", VM_MAC, 0x86dd, ipv6("fe80::5054:ff:fe12:3456", "ff02::1:2", 17, dhcp6(1))),
            "IP6 fe80::5054:ff:fe12:3456.546 > ff02::1:2.547: dhcp6 solicit"),
        row("DNS query", v4(VM_IP, PEER_IP, 17, udpWith(40000, 53, dns(0x1a2b, 0x0100, 0, 0, 0, "example.lab", 1, 1, new byte[0]))),
            "IP 10.77.0.51.40000 > 10.77.0.2.53: 6699+ A? example.lab. (29)"),
        row("DNS query with EDNS0", v4(VM_IP, PEER_IP, 17, udpWith(40000, 53, dns(7, 0x0120, 0, 0, 1, "example.lab", 28, 1,
                new byte[] {0, 0, 41, 4, (byte) 0xd0, 0, 0, 0, 0, 0, 0}))),
            "IP 10.77.0.51.40000 > 10.77.0.2.53: 7+ [1au] AAAA? example.lab. (40)"),
        row("DNS query in another class", v4(VM_IP, PEER_IP, 17, udpWith(40000, 53, dns(9, 0, 0, 0, 0, "version.bind", 16, 3, new byte[0]))),
            "IP 10.77.0.51.40000 > 10.77.0.2.53: 9 TXT CHAOS? version.bind. (30)"),
        row("mDNS query", ethernet("01:00:5e:00:00:fb", VM_MAC, 0x0800, ipv4(VM_IP, "224.0.0.251", 17, udpWith(5353, 5353,
                dns(0, 0, 0, 0, 0, "_ipp._tcp.local", 12, 1, new byte[0])))),
            "IP 10.77.0.51.5353 > 224.0.0.251.5353: 0 PTR (QM)? _ipp._tcp.local. (33)"),
        row("mDNS query asking for a unicast answer", ethernet("01:00:5e:00:00:fb", VM_MAC, 0x0800, ipv4(VM_IP, "224.0.0.251", 17,
                udpWith(5353, 5353, dns(0, 0, 0, 0, 0, "vm.local", 1, 0x8001, new byte[0])))),
            "IP 10.77.0.51.5353 > 224.0.0.251.5353: 0 A (QU)? vm.local. (26)"),
        row("mDNS announcement", ethernet("01:00:5e:00:00:fb", VM_MAC, 0x0800, ipv4(VM_IP, "224.0.0.251", 17, udpWith(5353, 5353,
                dns(0, 0x8400, 1, 0, 0, "vm.local", 1, 1, concat(new byte[] {(byte) 0xc0, 0x0c, 0, 1, (byte) 0x80, 1, 0, 0, 0, 120, 0, 4},
                    IpLiteral.parse(VM_IP, "ip")))))),
            "IP 10.77.0.51.5353 > 224.0.0.251.5353: 0*- 1/0/0 (Cache flush) A 10.77.0.51 (42)"),
        row("DNS answers", v4(PEER_IP, VM_IP, 17, udpWith(53, 40000, dns(7, 0x8180, 2, 0, 0, "example.lab", 1, 1,
                concat(answer(1, new byte[] {10, 0, 0, 1}), answer(1, new byte[] {10, 0, 0, 2}))))),
            "IP 10.77.0.2.53 > 10.77.0.51.40000: 7 2/0/0 A 10.0.0.1, A 10.0.0.2 (61)"),
        row("DNS CNAME and AAAA, authoritative", v4(PEER_IP, VM_IP, 17, udpWith(53, 40000, dns(7, 0x8580, 2, 0, 0, "example.lab", 28, 1,
                concat(answer(5, new byte[] {3, 'w', 'w', 'w', (byte) 0xc0, 0x0c}), answer(28, IpLiteral.parse("fd00::1", "ip")))))),
            "IP 10.77.0.2.53 > 10.77.0.51.40000: 7* 2/0/0 CNAME www.example.lab., AAAA fd00::1 (75)"),
        row("DNS MX and TXT", v4(PEER_IP, VM_IP, 17, udpWith(53, 40000, dns(7, 0x8180, 2, 0, 0, "example.lab", 15, 1,
                concat(answer(15, new byte[] {0, 10, 2, 'm', 'x', (byte) 0xc0, 0x0c}), answer(16, new byte[] {2, 'h', 'i', 1, 'x'}))))),
            "IP 10.77.0.2.53 > 10.77.0.51.40000: 7 2/0/0 MX mx.example.lab. 10, TXT \"hi\" \"x\" (65)"),
        row("DNS NXDomain", v4(PEER_IP, VM_IP, 17, udpWith(53, 40000, dns(7, 0x8183, 0, 1, 0, "example.lab", 1, 1,
                answer(6, new byte[22])))),
            "IP 10.77.0.2.53 > 10.77.0.51.40000: 7 NXDomain 0/1/0 (63)"),
        cut("DNS answer data cut", v4(PEER_IP, VM_IP, 17, udpWith(53, 40000, dns(7, 0x8180, 1, 0, 0, "example.lab", 1, 1,
                answer(1, new byte[] {10, 0, 0, 1})))), 14 + 20 + 8 + 29 + 12,
            "IP 10.77.0.2.53 > 10.77.0.51.40000: 7 1/0/0 A [|domain]"),
        cut("DNS second answer's fixed fields cut: tcpdump stops quietly", v4(PEER_IP, VM_IP, 17, udpWith(53, 40000,
                dns(7, 0x8180, 2, 0, 0, "example.lab", 1, 1, concat(answer(1, new byte[] {10, 0, 0, 1}),
                    answer(1, new byte[] {10, 0, 0, 2}))))), 14 + 20 + 8 + 29 + 16 + 6,
            "IP 10.77.0.2.53 > 10.77.0.51.40000: 7 2/0/0 A 10.0.0.1, (61)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void printsWhatTcpdumpPrints(String name, byte[] frame, int captured, String expected) {
    assertThat(TcpdumpLine.describe(Arrays.copyOf(frame, captured), frame.length)).isEqualTo(expected);
  }

  /** Every row's expectation is the installed tcpdump's own line (its hex dump lines and trailing blanks aside). */
  @Test
  @LabTest(root = false, tools = "tcpdump")
  void everyRowIsWhatTcpdumpPrints(@TempDir Path temp) throws Exception {
    List<Arguments> rows = rows().toList();
    ByteBuffer pcap = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    pcap.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
    for (int i = 0; i < rows.size(); i++) {
      byte[] frame = (byte[]) rows.get(i).get()[1];
      int captured = (int) rows.get(i).get()[2];
      pcap.putInt(i).putInt(0).putInt(captured).putInt(frame.length).put(frame, 0, captured);
    }
    Path file = temp.resolve("rows.pcap");
    Files.write(file, Arrays.copyOf(pcap.array(), pcap.position()));
    ProcessBuilder builder = new ProcessBuilder("tcpdump", "-nn", "-S", "-r", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("TZ", "UTC");
    Process tcpdump = builder.start();
    String output = new String(tcpdump.getInputStream().readAllBytes());
    assertThat(tcpdump.waitFor()).isZero();
    List<String> lines = output.lines().filter(line -> !line.startsWith("\t0x")).map(String::stripTrailing).toList();
    assertThat(lines).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String timestamp = TcpdumpLine.timeOfDay(i * 1_000_000L) + " ";
      assertThat(lines.get(i)).as((String) rows.get(i).get()[0]).isEqualTo(timestamp + rows.get(i).get()[3]);
    }
  }

  /** The rows' frames cut anywhere and with bytes flipped: a line ends in a marker, never in a caught exception. */
  @Test
  void everyRowCutAnywhereAndDamagedNeverThrows() {
    byte[][] frames = rows().map(row -> (byte[]) row.get()[1]).toArray(byte[][]::new);
    Random random = new Random(13);
    for (int i = 0; i < 200_000; i++) {
      byte[] frame = frames[random.nextInt(frames.length)].clone();
      for (int flips = random.nextInt(4); flips > 0; flips--) {
        frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
      }
      byte[] cut = truncate(frame, random.nextInt(frame.length + 1));
      String text = TcpdumpLine.describe(cut, frame.length);
      assertThat(text).as(java.util.HexFormat.of().formatHex(frame) + " cut at " + cut.length)
          .isNotBlank().doesNotContain("[|malformed]");
    }
  }

  private static Arguments row(String name, byte[] frame, String expected) {
    return Arguments.of(name, frame, frame.length, expected);
  }

  private static Arguments cut(String name, byte[] frame, int captured, String expected) {
    return Arguments.of(name, frame, captured, expected);
  }

  private static byte[] v4(String source, String destination, int protocol, byte[] payload) {
    return ethernet(VM_MAC, GW_MAC, 0x0800, ipv4(source, destination, protocol, payload));
  }

  private static byte[] v6(String source, String destination, int next, byte[] payload) {
    return ethernet(VM_MAC, GW_MAC, 0x86dd, ipv6(source, destination, next, payload));
  }

  /** A TCP segment with {@code options} (padded to 4 bytes with nop), an urgent pointer and zero data bytes. */
  private static byte[] tcpWith(int sourcePort, int destinationPort, long seq, long ack, int flags, byte[] options,
      int urgent, int dataLength) {
    int optionBytes = (options.length + 3) / 4 * 4;
    byte[] plain = tcp(sourcePort, destinationPort, seq, ack, flags, 0);
    byte[] out = new byte[20 + optionBytes + dataLength];
    System.arraycopy(plain, 0, out, 0, 20);
    System.arraycopy(options, 0, out, 20, options.length);
    Arrays.fill(out, 20 + options.length, 20 + optionBytes, (byte) 1);
    out[12] = (byte) ((5 + optionBytes / 4) << 4);
    out[18] = (byte) (urgent >> 8);
    out[19] = (byte) urgent;
    return out;
  }

  private static byte[] withData(byte[] segment, String data) {
    byte[] bytes = data.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] out = Arrays.copyOf(segment, segment.length + bytes.length);
    System.arraycopy(bytes, 0, out, segment.length, bytes.length);
    return out;
  }

  private static byte[] udpWith(int sourcePort, int destinationPort, byte[] payload) {
    byte[] out = udp(sourcePort, destinationPort, payload.length);
    System.arraycopy(payload, 0, out, 8, payload.length);
    return out;
  }

  private static byte[] ntp(int firstByte) {
    byte[] out = new byte[48];
    out[0] = (byte) firstByte;
    return out;
  }

  private static byte[] dns(int id, int flags, int answers, int authorities, int additional, String name, int type,
      int dnsClass, byte[] rest) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, 0, 1, 0, (byte) answers,
        0, (byte) authorities, 0, (byte) additional});
    for (String label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    out.writeBytes(new byte[] {0, (byte) (type >> 8), (byte) type, (byte) (dnsClass >> 8), (byte) dnsClass});
    out.writeBytes(rest);
    return out.toByteArray();
  }

  /** A resource record for the question's name (a pointer to offset 12), class IN, TTL 300. */
  private static byte[] answer(int type, byte[] data) {
    return concat(new byte[] {(byte) 0xc0, 0x0c, 0, (byte) type, 0, 1, 0, 0, 1, 0x2c, 0, (byte) data.length}, data);
  }

  /** An 802.3 frame with LLC 42/42 carrying a BPDU sent by the bridge 8000.VM_MAC on port 8001. */
  private static byte[] stp(int version, int type, int flags) {
    byte[] bpdu = type == 0x80 ? new byte[] {0, 0, (byte) version, (byte) type}
        : concat(new byte[] {0, 0, (byte) version, (byte) type, (byte) flags, (byte) 0x80, 0}, mac(GW_MAC),
            new byte[] {0, 0, 0, 4, (byte) 0x80, 0}, mac(VM_MAC), new byte[] {(byte) 0x80, 1, 0, 0, 20, 0, 2, 0, 15, 0},
            new byte[version == 2 ? 1 : 0]);
    byte[] llc = concat(new byte[] {0x42, 0x42, 0x03}, bpdu);
    return ethernet("01:80:c2:00:00:00", VM_MAC, llc.length, Arrays.copyOf(llc, Math.max(46, llc.length)));
  }

  /** Sets the IPv4 total length of the packet in an Ethernet frame. */
  private static byte[] withTotalLength(byte[] frame, int totalLength) {
    frame[14 + 2] = (byte) (totalLength >> 8);
    frame[14 + 3] = (byte) totalLength;
    return frame;
  }

  private static byte[] withByte(byte[] bytes, int at, int value) {
    bytes[at] = (byte) value;
    return bytes;
  }

  private static byte[] withHardware(byte[] arp, int hardware) {
    arp[1] = (byte) hardware;
    return arp;
  }

  private static byte[] withProtocol(byte[] arp, int protocol) {
    arp[2] = (byte) (protocol >> 8);
    arp[3] = (byte) protocol;
    return arp;
  }

  /** Sets the flags and fragment offset (in 8-byte units) of the IPv4 packet in an Ethernet frame. */
  private static byte[] fragment(byte[] frame, int flagsAndOffset) {
    frame[14 + 6] = (byte) (flagsAndOffset >> 8);
    frame[14 + 7] = (byte) flagsAndOffset;
    return frame;
  }

  /** Puts an IPv4 address in the second word of an ICMP message (a redirect's gateway, a pointer). */
  private static byte[] withWord(byte[] message, String address) {
    System.arraycopy(IpLiteral.parse(address, "ip"), 0, message, 4, 4);
    return message;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
