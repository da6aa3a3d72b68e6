package io.vmnetdiag.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.capture.probe.LocalInterface;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeFocusTest {
  private static final byte[] BRIDGE_MAC = {2, 0, 0, 0, 0, 1};

  @Test
  void bridgeAddressInTheVmsSubnetJoinsAPeerFocus() {
    ProbeFocus focus = new ProbeFocus(name -> Optional.of(bridge(name, new byte[] {10, 77, 0, 1}, 24)));
    assertThat(focus.peers(List.of("10.9.9.9"), "Auto", path())).containsExactly("10.9.9.9", "10.77.0.1");
  }

  @Test
  void withoutAFocusOrWithoutProbesNothingChanges() {
    ProbeFocus focus = new ProbeFocus(name -> Optional.of(bridge(name, new byte[] {10, 77, 0, 1}, 24)));
    assertThat(focus.peers(List.of(), "Auto", path())).isEmpty();
    assertThat(focus.peers(List.of("10.9.9.9"), "Never", path())).containsExactly("10.9.9.9");
  }

  @Test
  void bridgeWithoutAnAddressForTheVmAddsNothing() {
    ProbeFocus focus = new ProbeFocus(name -> Optional.of(bridge(name, new byte[] {10, 88, 0, 1}, 24)));
    assertThat(focus.peers(List.of("10.9.9.9"), "Always", path())).containsExactly("10.9.9.9");
  }

  private static LocalInterface bridge(String name, byte[] address, int prefix) {
    return new LocalInterface(name, BRIDGE_MAC, List.of(new LocalInterface.Address(address, prefix)));
  }

  private static ResolvedPath path() {
    ResolvedPath path = new ResolvedPath();
    path.setVmMac("52:54:00:00:00:51");
    path.setVmAddress("10.77.0.51");
    path.setHops(List.of(new Hop(HopRole.Uplink, "eth0"), new Hop(HopRole.Bridge, "br0"), new Hop(HopRole.Tap, "vnet3")));
    return path;
  }
}
