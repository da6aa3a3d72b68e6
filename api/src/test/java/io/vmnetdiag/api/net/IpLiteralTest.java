package io.vmnetdiag.api.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", " 192.168.128.251 ", "0.0.0.0", "fd00::1", "::1", "2001:db8::8:800:200c:417a",
      "::ffff:10.1.2.3"})
  void acceptsLiterals(String text) {
    assertThat(IpLiteral.parse(text)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "example.com", "10.0.0.256", "10.0.0", "10.0.0.1/24", "01.2.3.4",
      "fd00::1::2", "fe80::1%eth0", "[fd00::1]", "1:2:3:4:5:6:7:8:9", ":"})
  void rejectsEverythingElse(String text) {
    assertThat(IpLiteral.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "fd00::51", "2001:db8::8:800:200c:417a", "::1"})
  void bytesFormatBackToTheCanonicalText(String text) {
    assertThat(IpLiteral.format(IpLiteral.parse(text, "address"))).isEqualTo(text);
  }

  @org.junit.jupiter.api.Test
  void mappedAddressesAndNamesAreRefusedWithTheirName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpLiteral.parse("::ffff:10.1.2.3", "Peer address"))
        .hasMessageContaining("Peer address").hasMessageContaining("IPv4-mapped");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpLiteral.parse("example.com", "VM address"))
        .hasMessageContaining("VM address 'example.com' is not");
  }
}
