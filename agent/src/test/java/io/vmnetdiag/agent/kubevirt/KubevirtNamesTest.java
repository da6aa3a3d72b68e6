package io.vmnetdiag.agent.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubevirtNamesTest {
  @Test
  void thePodNetworksOrdinalInterfaceGivesTap0K6tEth0AndEth0Nic() {
    assertThat(KubevirtNames.of("eth0")).isEqualTo(new KubevirtNames("eth0", "tap0", "k6t-eth0", "eth0-nic"));
    assertThat(KubevirtNames.of(null)).isEqualTo(KubevirtNames.of("eth0"));
  }

  @Test
  void aHashedInterfaceGivesTheHashedTapBridgeAndNic() {
    assertThat(KubevirtNames.of("pod7e0055a6880"))
        .isEqualTo(new KubevirtNames("pod7e0055a6880", "tap7e0055a6880", "k6t-7e0055a6880", "7e0055a6880-nic"));
  }

  @Test
  void anOrdinalSecondaryInterfaceKeepsItsName() {
    assertThat(KubevirtNames.of("net1")).isEqualTo(new KubevirtNames("net1", "tap1", "k6t-net1", "net1-nic"));
  }
}
