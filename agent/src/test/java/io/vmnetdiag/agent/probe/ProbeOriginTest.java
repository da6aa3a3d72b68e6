package io.vmnetdiag.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeOriginTest {
  @Test
  void aLibvirtVmIsProbedFromItsBridge() {
    ProbeOrigin origin = ProbeOrigin.of(path(null, new Hop(HopRole.Uplink, "eth0"), new Hop(HopRole.Bridge, "br0"),
        new Hop(HopRole.Tap, "vnet0")));

    assertThat(origin.bridge()).map(Hop::getInterfaceName).contains("br0");
    assertThat(origin.refusal()).isEmpty();
  }

  @Test
  void aBridgeBoundKubevirtVmIsProbedFromThePodsBridgeNotTheNodesCniBridge() {
    ProbeOrigin origin = ProbeOrigin.of(path(null, new Hop(HopRole.Uplink, "ens3"), new Hop(HopRole.Bridge, "cni0"),
        new Hop(HopRole.PodVeth, "veth1"), new Hop(HopRole.PodInterface, "eth0-nic"),
        new Hop(HopRole.PodBridge, "k6t-eth0"), new Hop(HopRole.Tap, "tap0")));

    assertThat(origin.bridge()).map(Hop::getInterfaceName).contains("k6t-eth0");
  }

  @Test
  void aMasqueradeVmIsNotProbedAndSaysWhy() {
    ProbeOrigin origin = ProbeOrigin.of(path("eth0", new Hop(HopRole.Uplink, "ens3"), new Hop(HopRole.Bridge, "cni0"),
        new Hop(HopRole.PodVeth, "veth1"), new Hop(HopRole.PodInterface, "eth0"),
        new Hop(HopRole.PodBridge, "k6t-eth0"), new Hop(HopRole.Tap, "tap0")));

    assertThat(origin.bridge()).isEmpty();
    assertThat(origin.refusal()).hasValueSatisfying(why -> assertThat(why).contains("masquerade").contains("eth0"));
  }

  private static ResolvedPath path(String translatedAt, Hop... hops) {
    ResolvedPath path = new ResolvedPath();
    path.setVmAddress("10.244.1.7");
    path.setAddressTranslatedAt(translatedAt);
    path.setHops(List.of(hops));
    return path;
  }
}
