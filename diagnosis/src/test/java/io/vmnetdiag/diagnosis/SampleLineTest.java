package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.diagnosis.SampleLine.Direction.FROM_VM;
import static io.vmnetdiag.diagnosis.SampleLine.Direction.TO_VM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tcpdump lines as the agent quotes them: kind and direction relative to the VM at 10.77.0.51. */
class SampleLineTest {
  private static final String VM = "10.77.0.51";
  private static final String VM6 = "fd00::51";

  static Stream<Arguments> lines() {
    return Stream.of(
        arguments("08:21:13.884842 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28",
            PacketKind.ArpRequest, SampleLine.Direction.FROM_VM),
        arguments("08:21:13.884842 ARP, Request who-has 10.77.0.51 tell 10.77.0.1, length 28",
            PacketKind.ArpRequest, SampleLine.Direction.TO_VM),
        arguments("08:21:13.884842 ARP, Request who-has 10.77.0.51 (ff:ff:ff:ff:ff:ff) tell 10.77.0.1, length 28",
            PacketKind.ArpRequest, SampleLine.Direction.TO_VM),
        arguments("08:21:13.900001 ARP, Reply 10.77.0.1 is-at 02:aa:bb:cc:dd:01, length 28",
            PacketKind.ArpReply, SampleLine.Direction.TO_VM),
        arguments("08:21:13.900001 ARP, Reply 10.77.0.51 is-at 52:54:00:12:34:56, length 28",
            PacketKind.ArpReply, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.000002 IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 123, length 0",
            PacketKind.TcpSyn, SampleLine.Direction.TO_VM),
        arguments("2024-05-01 08:21:14.000002 IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [S.], seq 9, ack 124, length 0",
            PacketKind.TcpSynAck, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.000002 IP 10.77.0.51.80 > 10.77.0.2.40112: Flags [R.], seq 0, ack 124, length 0",
            PacketKind.TcpRst, SampleLine.Direction.FROM_VM),
        // Split from TcpOther: segments carrying data are TcpData, FINs TcpFin.
        arguments("08:21:14.000002 IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [P.], seq 1:37, ack 1, length 36",
            PacketKind.TcpData, SampleLine.Direction.TO_VM),
        arguments("08:21:14.000002 IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [.], ack 37, win 500, length 0",
            PacketKind.TcpOther, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.000002 IP 10.77.0.51.22 > 10.77.0.2.40112: Flags [F.], seq 9, ack 37, win 500, length 0",
            PacketKind.TcpFin, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP 10.77.0.51 > 10.77.0.2: ICMP echo reply, id 3, seq 1, length 64",
            PacketKind.IcmpEchoReply, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP 10.77.0.2 > 10.77.0.51: ICMP echo request, id 3, seq 1, length 64",
            PacketKind.IcmpEchoRequest, SampleLine.Direction.TO_VM),
        // Split from IcmpOther.
        arguments("08:21:14.1 IP 10.77.0.51 > 10.77.0.2: ICMP 10.77.0.51 udp port 53 unreachable, length 36",
            PacketKind.IcmpUnreachable, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP 10.77.0.1 > 10.77.0.51: ICMP time exceeded in-transit, length 36",
            PacketKind.IcmpOther, SampleLine.Direction.TO_VM),
        // Split from Other: UDP, whether tcpdump decodes the protocol (DNS here) or not.
        arguments("08:21:14.1 IP 10.77.0.2.5353 > 10.77.0.51.53: 1234+ A? example.org. (29)",
            PacketKind.Udp, SampleLine.Direction.TO_VM),
        arguments("08:21:14.1 IP 10.77.0.51.5353 > 10.77.0.2.53: UDP, length 20",
            PacketKind.Udp, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP 10.77.0.2 > 10.77.0.51: GREv0, length 24",
            PacketKind.Other, SampleLine.Direction.TO_VM),
        // 802.1Q-tagged, as the capture prints uplink frames.
        arguments("08:21:14.1 vlan 700, p 0, ethertype IPv4, IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 1, length 0",
            PacketKind.TcpSyn, SampleLine.Direction.TO_VM),
        arguments("08:21:14.1 vlan 700, p 0, ethertype ARP, ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28",
            PacketKind.ArpRequest, SampleLine.Direction.FROM_VM),
        // DHCP: a client without an address yet is the VM at a hop filtered for it.
        arguments("08:21:14.1 IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 52:54:00:12:34:56, length 300",
            PacketKind.Dhcp, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP 10.77.0.1.67 > 255.255.255.255.68: BOOTP/DHCP, Reply, length 300",
            PacketKind.Dhcp, SampleLine.Direction.TO_VM),
        arguments("08:21:14.1 IP 10.77.0.1.67 > 10.77.0.51.68: BOOTP/DHCP, Reply, length 300",
            PacketKind.Dhcp, SampleLine.Direction.TO_VM));
  }

  /** The same lines for a VM at fd00::51: IPv6 endpoints, neighbour discovery, DHCPv6. */
  static Stream<Arguments> ipv6Lines() {
    return Stream.of(
        arguments("08:21:13.884842 IP6 fd00::51 > ff02::1:ff00:1: ICMP6, neighbor solicitation, who has fd00::1, length 32",
            PacketKind.NeighborSolicitation, SampleLine.Direction.FROM_VM),
        arguments("08:21:13.884842 IP6 fe80::1 > ff02::1:ff00:51: ICMP6, neighbor solicitation, who has fd00::51, length 32",
            PacketKind.NeighborSolicitation, SampleLine.Direction.TO_VM),
        arguments("08:21:13.900001 IP6 fd00::1 > fd00::51: ICMP6, neighbor advertisement, tgt is fd00::1, length 32",
            PacketKind.NeighborAdvertisement, SampleLine.Direction.TO_VM),
        arguments("08:21:13.900001 IP6 fd00::51 > fd00::1: ICMP6, neighbor advertisement, tgt is fd00::51, length 32",
            PacketKind.NeighborAdvertisement, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.000002 IP6 fd00::2.40112 > fd00::51.22: Flags [S], seq 123, win 64240, length 0",
            PacketKind.TcpSyn, SampleLine.Direction.TO_VM),
        arguments("08:21:14.000002 IP6 fd00::51.22 > fd00::2.40112: Flags [S.], seq 9, ack 124, win 64240, length 0",
            PacketKind.TcpSynAck, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.000002 IP6 fd00::51.22 > fd00::2.40112: Flags [P.], seq 1:101, ack 1, win 500, length 100",
            PacketKind.TcpData, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP6 fd00::2 > fd00::51: ICMP6, echo request, id 7, seq 2, length 64",
            PacketKind.IcmpEchoRequest, SampleLine.Direction.TO_VM),
        arguments("08:21:14.1 IP6 fd00::51 > fd00::2: ICMP6, echo reply, id 7, seq 2, length 64",
            PacketKind.IcmpEchoReply, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP6 fd00::51 > fd00::2: ICMP6, destination unreachable, unreachable port fd00::51 udp port 53, length 56",
            PacketKind.IcmpUnreachable, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP6 fd00::51.546 > ff02::1:2.547: dhcp6 solicit",
            PacketKind.Dhcp, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 vlan 700, p 0, ethertype IPv6, IP6 fd00::2.5000 > fd00::51.53: UDP, length 20",
            PacketKind.Udp, SampleLine.Direction.TO_VM));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ipv6Lines")
  void readsIpv6KindAndDirection(String text, PacketKind kind, SampleLine.Direction direction) {
    assertReads(text, kind, direction, VM6);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void readsKindAndDirection(String text, PacketKind kind, SampleLine.Direction direction) {
    assertReads(text, kind, direction, VM);
  }

  /** The line is of {@code kind} and travels in {@code direction} (and not the other way) relative to {@code vm}. */
  private static void assertReads(String text, PacketKind kind, SampleLine.Direction direction, String vm) {
    SampleLine line = SampleLine.parse(text);

    assertThat(line.kind()).isEqualTo(kind);
    assertThat(line.travels(direction, vm)).isTrue();
    assertThat(line.travels(direction == TO_VM ? FROM_VM : TO_VM, vm)).isFalse();
  }

  @Test
  void readsTheSynsPortAndTheNeighbourTarget() {
    assertThat(SampleLine.parse("08:21:14.0 IP 10.77.0.2.40112 > 10.77.0.51.443: Flags [S], seq 1, length 0")
        .destinationPort()).isEqualTo(443);
    assertThat(SampleLine.parse("08:21:13.8 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28").neighborTarget())
        .isEqualTo("10.77.0.1");
    assertThat(SampleLine.parse("08:21:13.8 IP6 fd00::51 > ff02::1:ff00:1: ICMP6, neighbor solicitation, who has fd00::1, length 32")
        .neighborTarget()).isEqualTo("fd00::1");
    assertThat(SampleLine.parse("08:21:14.0 IP6 fd00::2.40112 > fd00::51.443: Flags [S], seq 1, length 0")
        .destinationPort()).isEqualTo(443);
  }

  @Test
  void contentDropsBothTimestampStyles() {
    assertThat(SampleLine.parse("08:21:13.884842 ARP, Reply 10.77.0.1 is-at 02:aa:bb:cc:dd:01, length 28").content())
        .isEqualTo(SampleLine.parse("2024-05-01 09:00:00.000001 ARP, Reply 10.77.0.1 is-at 02:aa:bb:cc:dd:01, length 28")
            .content());
  }

  @Test
  void neverThrowsOnGarbage() {
    for (String junk : new String[] {null, "", "   ", "IP", "IP > :", "ARP, Request who-has", "IP a.b.c.d.99999999999 > x: Flags [",
        "IP 10.0.0.1.99999 > 10.77.0.51.99999: Flags [S]", "\u0000\u00ff garbage", "IP6 fe80::1 > ff02::1: ICMP6",
        "IP6 : > :: ICMP6, neighbor solicitation, who has", "IP 1.2.3.4.5 > 6.7.8.9.10: Flags [P.], length 99999999999999",
        "vlan 700, p 0, ethertype IPv4, ", "IP 0.0.0.0.68 > x: BOOTP/DHCP, Request"}) {
      SampleLine line = SampleLine.parse(junk);
      assertThat(line.kind()).isNotNull();
      assertThat(line.travels(TO_VM, VM)).isIn(true, false);
      assertThat(line.content()).isNotNull();
    }
    assertThat(SampleLine.parse("IP 10.0.0.1.99999 > 10.77.0.51.99999: Flags [S]").destinationPort()).isNull();
  }

  @Test
  void withoutTheVmsAddressEveryDirectionQualifies() {
    SampleLine line = SampleLine.parse("08:21:13.8 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28");
    assertThat(line.travels(TO_VM, null)).isTrue();
    assertThat(line.travels(FROM_VM, null)).isTrue();
  }
}
