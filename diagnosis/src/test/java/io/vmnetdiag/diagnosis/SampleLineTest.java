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
        arguments("08:21:14.000002 IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [P.], seq 1:37, ack 1, length 36",
            PacketKind.TcpOther, SampleLine.Direction.TO_VM),
        arguments("08:21:14.1 IP 10.77.0.51 > 10.77.0.2: ICMP echo reply, id 3, seq 1, length 64",
            PacketKind.IcmpEchoReply, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP 10.77.0.2 > 10.77.0.51: ICMP echo request, id 3, seq 1, length 64",
            PacketKind.IcmpEchoRequest, SampleLine.Direction.TO_VM),
        arguments("08:21:14.1 IP 10.77.0.51 > 10.77.0.2: ICMP 10.77.0.51 udp port 53 unreachable, length 36",
            PacketKind.IcmpOther, SampleLine.Direction.FROM_VM),
        arguments("08:21:14.1 IP 10.77.0.2.5353 > 10.77.0.51.53: 1234+ A? example.org. (29)",
            PacketKind.Other, SampleLine.Direction.TO_VM));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void readsKindAndDirection(String text, PacketKind kind, SampleLine.Direction direction) {
    SampleLine line = SampleLine.parse(text);

    assertThat(line.kind()).isEqualTo(kind);
    assertThat(line.travels(direction, VM)).isTrue();
    assertThat(line.travels(direction == TO_VM ? FROM_VM : TO_VM, VM)).isFalse();
  }

  @Test
  void readsTheSynsPortAndTheArpTarget() {
    assertThat(SampleLine.parse("08:21:14.0 IP 10.77.0.2.40112 > 10.77.0.51.443: Flags [S], seq 1, length 0")
        .destinationPort()).isEqualTo(443);
    assertThat(SampleLine.parse("08:21:13.8 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28").arpTarget())
        .isEqualTo("10.77.0.1");
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
        "IP 10.0.0.1.99999 > 10.77.0.51.99999: Flags [S]", "\u0000\u00ff garbage", "IP6 fe80::1 > ff02::1: ICMP6"}) {
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
