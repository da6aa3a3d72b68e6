package io.vmnetdiag.capture.filter;

import io.vmnetdiag.api.net.IpLiteral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BpfFilterTest {
  private static final String MAC = "52:54:00:AB:cd:01";

  @Test
  void vmByMacAndAddress() {
    assertThat(BpfFilter.build(MAC, "10.77.0.51", List.of(), List.of()))
        .isEqualTo("ether host 52:54:00:ab:cd:01 or host 10.77.0.51");
    assertThat(BpfFilter.build(MAC, null, null, null)).isEqualTo("ether host 52:54:00:ab:cd:01");
  }

  @Test
  void ipv6IsPrintedCanonically() {
    assertThat(BpfFilter.build(MAC, "FD00:0:0:0:0:0:0:51", List.of(), List.of()))
        .isEqualTo("ether host 52:54:00:ab:cd:01 or host fd00::51");
    assertThat(IpLiteral.format(IpLiteral.parse("2001:db8:0:0:1:0:0:1", "x"))).isEqualTo("2001:db8::1:0:0:1");
    assertThat(IpLiteral.format(IpLiteral.parse("::", "x"))).isEqualTo("::");
    assertThat(IpLiteral.format(IpLiteral.parse("1::", "x"))).isEqualTo("1::");
    assertThat(IpLiteral.format(IpLiteral.parse("1:2:3:4:5:6:0:8", "x"))).isEqualTo("1:2:3:4:5:6:0:8");
  }

  @Test
  void peersNarrowButKeepArp() {
    assertThat(BpfFilter.build(MAC, "10.77.0.51", List.of("10.77.0.2", "fd00::2"), List.of()))
        .isEqualTo("(ether host 52:54:00:ab:cd:01 or host 10.77.0.51) and (arp or host 10.77.0.2 or host fd00::2)");
  }

  @Test
  void portsNarrowButKeepNonTcpUdp() {
    assertThat(BpfFilter.build(MAC, "10.77.0.51", List.of(), List.of(22, 80)))
        .isEqualTo("(ether host 52:54:00:ab:cd:01 or host 10.77.0.51) and ((not tcp and not udp) or port 22 or port 80)");
  }

  @Test
  void peersAndPorts() {
    assertThat(BpfFilter.build(MAC, null, List.of("10.0.0.9"), List.of(443)))
        .isEqualTo("(ether host 52:54:00:ab:cd:01) and (arp or host 10.0.0.9) and ((not tcp and not udp) or port 443)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "52:54:00:ab:cd", "52:54:00:ab:cd:01:02", "52-54-00-ab-cd-01", "5254.00ab.cd01",
      "52:54:00:ab:cd:0g", "52:54:00:ab:cd:01 or host 1.2.3.4", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01"})
  void rejectsBadMac(String mac) {
    assertThatThrownBy(() -> BpfFilter.build(mac, null, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VM MAC address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.77.0", "10.77.0.256", "010.77.0.1", "10.77.0.1 or net 0/0", "localhost",
      "example.com", "fe80::1%eth0", "[fd00::1]", "1:2:3:4:5:6:7:8:9", "::ffff:10.0.0.1", " ", "1.2.3.4/24"})
  void rejectsBadAddress(String address) {
    assertThatThrownBy(() -> BpfFilter.build(MAC, address, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VM address");
    assertThatThrownBy(() -> BpfFilter.build(MAC, null, List.of(address), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Peer address");
  }

  @Test
  void rejectsBadPorts() {
    for (Integer port : Arrays.asList(0, -1, 65536, null)) {
      assertThatThrownBy(() -> BpfFilter.build(MAC, null, List.of(), Arrays.asList(port)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Port " + port);
    }
  }

  @Test
  void rejectsMissingMac() {
    assertThatThrownBy(() -> BpfFilter.build(null, "10.0.0.1", List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("VM MAC address is missing");
  }
}
