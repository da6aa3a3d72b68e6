package io.vmnetdiag.capture.probe;

import static io.vmnetdiag.capture.probe.ProbeFramesTest.BRIDGE_MAC;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.net.IpLiteral;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeSourceTest {
  @Test
  void usesTheBridgeAddressInTheVmsSubnet() {
    LocalInterface bridge = bridge(address("192.168.9.1", 24), address("10.1.2.1", 24), address("fe80::1", 64));
    ProbeSource source = ProbeSource.choose(bridge, ip("10.1.2.51"));
    assertThat(source.canReceiveReplies()).isTrue();
    assertThat(IpLiteral.format(source.address())).isEqualTo("10.1.2.1");
    assertThat(source.describe(4)).isEqualTo("10.1.2.1 on br0 (02:aa:bb:cc:dd:01)");
    assertThat(source.why()).contains("10.1.2.1/24");
  }

  @Test
  void neverUsesAnAddressOutsideTheVmsSubnet() {
    ProbeSource source = ProbeSource.choose(bridge(address("10.1.3.1", 24), address("10.1.2.1", 32)), ip("10.1.2.51"));
    assertThat(source.canReceiveReplies()).isFalse();
    assertThat(source.describe(4)).isEqualTo("0.0.0.0 on br0 (02:aa:bb:cc:dd:01)");
    assertThat(source.why()).contains("no IPv4 address in the VM's subnet");
  }

  @Test
  void bridgeWithoutAddressesCanOnlyProbe() {
    assertThat(ProbeSource.choose(bridge(), ip("10.1.2.51")).canReceiveReplies()).isFalse();
    assertThat(ProbeSource.choose(bridge(), ip("fd00::51")).describe(16)).startsWith(":: on br0");
  }

  @Test
  void neverUsesTheVmsOwnAddress() {
    assertThat(ProbeSource.choose(bridge(address("10.1.2.51", 24)), ip("10.1.2.51")).canReceiveReplies()).isFalse();
  }

  @Test
  void prefersAGlobalIpv6AddressInThePrefixThenLinkLocal() {
    byte[] vm = ip("fd00:1:2::51");
    ProbeSource global = ProbeSource.choose(bridge(address("fe80::1", 64), address("fd00:1:2::1", 64)), vm);
    assertThat(IpLiteral.format(global.address())).isEqualTo("fd00:1:2::1");
    ProbeSource linkLocal = ProbeSource.choose(bridge(address("fd00:9::1", 64), address("fe80::1", 64)), vm);
    assertThat(IpLiteral.format(linkLocal.address())).isEqualTo("fe80::1");
    assertThat(linkLocal.why()).contains("link-local");
  }

  @Test
  void prefixCoverage() {
    assertThat(address("10.1.2.1", 23).covers(ip("10.1.3.200"))).isTrue();
    assertThat(address("10.1.2.1", 24).covers(ip("10.1.3.200"))).isFalse();
    assertThat(address("10.1.2.1", 0).covers(ip("10.1.2.2"))).as("no prefix: covers nothing").isFalse();
    assertThat(address("10.1.2.1", 24).covers(ip("fd00::1"))).isFalse();
    assertThat(address("10.1.2.1", 24).covers(null)).isFalse();
  }

  static LocalInterface bridge(LocalInterface.Address... addresses) {
    return new LocalInterface("br0", BRIDGE_MAC, List.of(addresses));
  }

  static LocalInterface.Address address(String ip, int prefix) {
    return new LocalInterface.Address(ip(ip), prefix);
  }

  static byte[] ip(String text) {
    return IpLiteral.parse(text, "ip");
  }
}
