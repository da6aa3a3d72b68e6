package io.vmnetdiag.agent.path;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VmAddressFinderTest {
  @Test
  void prefersAUsableIpv4AddressFromTheGuest() {
    assertThat(VmAddressFinder.preferred(List.of("127.0.0.1", "fe80::1", "fd00::5", "169.254.3.3", "10.9.0.2")))
        .contains("10.9.0.2");
    assertThat(VmAddressFinder.preferred(List.of("fe80::1", "fd00::5", "fd00::6"))).contains("fd00::5");
    assertThat(VmAddressFinder.preferred(List.of("127.0.0.1", "garbage"))).isEmpty();
  }

  @Test
  void trustsEveryDriverButTheTestDriver() {
    assertThat(VmAddressFinder.trustsGuestAgent("qemu:///system")).isTrue();
    assertThat(VmAddressFinder.trustsGuestAgent("qemu+ssh://node1/system")).isTrue();
    assertThat(VmAddressFinder.trustsGuestAgent("test:///default")).isFalse();
    assertThat(VmAddressFinder.trustsGuestAgent("TEST:///tmp/node.xml")).isFalse();
  }
}
