package io.vmnetdiag.agent.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedAddressTest {
  private static HopObservation hop(HopRole role, String... sources) {
    HopObservation hop = new HopObservation(role, role.name().toLowerCase());
    hop.getVmSourceAddresses().addAll(List.of(sources));
    return hop;
  }

  @Test
  void theTapsObservedIpv4AddressIsTakenAndSaidToBeObserved() {
    ResolvedPath path = new ResolvedPath();
    boolean learned = ObservedAddress.learn(path, List.of(hop(HopRole.Uplink, "10.9.9.9"),
        hop(HopRole.Tap, "fe80::5054:ff:fe00:51", "10.155.128.251")));

    assertThat(learned).isTrue();
    assertThat(path.getVmAddress()).isEqualTo("10.155.128.251");
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.Observed);
  }

  @Test
  void anAddressGivenOtherwiseIsKept() {
    ResolvedPath path = new ResolvedPath();
    path.setVmAddress("10.1.1.1");
    path.setAddressSource(AddressSource.Spec);

    assertThat(ObservedAddress.learn(path, List.of(hop(HopRole.Tap, "10.155.128.251")))).isFalse();
    assertThat(path.getVmAddress()).isEqualTo("10.1.1.1");
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.Spec);
  }

  @Test
  void nothingSeenLeavesItUnknown() {
    ResolvedPath path = new ResolvedPath();
    path.setAddressSource(AddressSource.Unknown);
    assertThat(ObservedAddress.learn(path, List.of(hop(HopRole.Tap)))).isFalse();
    assertThat(path.getVmAddress()).isNull();
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.Unknown);
  }
}
