package io.vmnetdiag.agent.path;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostNetworkTest {
  @TempDir
  Path root;

  @Test
  void listsBridgePortsInNameOrder() {
    new TestingSysfs(root).bridge("br0", "vnet2", "eth0", "vnet10").veth("eth0");
    HostNetwork host = new HostNetwork(root);

    assertThat(host.bridgePorts("br0")).containsExactly("eth0", "vnet10", "vnet2");
    assertThat(host.isBridge("br0")).isTrue();
    assertThat(host.isBridge("eth0")).isFalse();
    assertThat(host.bridgePorts("eth0")).isEmpty();
    assertThat(host.bridgePorts("absent")).isEmpty();
  }

  @Test
  void tellsDeviceKindsApart() {
    new TestingSysfs(root).tap("vnet0").physical("ens3").veth("veth-up");
    HostNetwork host = new HostNetwork(root);

    assertThat(host.exists("vnet0")).isTrue();
    assertThat(host.exists("nope")).isFalse();
    assertThat(host.isTunTap("vnet0")).isTrue();
    assertThat(host.isTunTap("ens3")).isFalse();
    assertThat(host.isPhysical("ens3")).isTrue();
    assertThat(host.isPhysical("veth-up")).isFalse();
    assertThat(host.isPhysical("vnet0")).isFalse();
  }

  @Test
  void prefersAPhysicalPortAsUplink() {
    new TestingSysfs(root).bridge("br0", "aaa-veth", "ens3", "vnet0")
        .veth("aaa-veth").physical("ens3").tap("vnet0");

    assertThat(new HostNetwork(root).uplinkOf("br0", Set.of())).contains("ens3");
  }

  @Test
  void neverChoosesATap() {
    new TestingSysfs(root).bridge("br0", "vnet0", "vnet1", "vxlan42")
        .tap("vnet0").tap("vnet1").veth("vxlan42");

    assertThat(new HostNetwork(root).uplinkOf("br0", Set.of())).contains("vxlan42");
  }

  @Test
  void excludesTheDevicesOfDomains() {
    // The lab: VM devices are veths named by each domain's <target dev>, and the uplink is a veth too.
    new TestingSysfs(root).bridge("br0", "021f00", "0a0b0c", "up0")
        .veth("021f00").veth("0a0b0c").veth("up0");
    HostNetwork host = new HostNetwork(root);

    assertThat(host.uplinkOf("br0", Set.of("021f00", "0a0b0c"))).contains("up0");
    assertThat(host.uplinkOf("br0", Set.of("021f00"))).contains("0a0b0c");
  }

  @Test
  void noUplinkWhenEveryPortIsAVmDevice() {
    new TestingSysfs(root).bridge("br0", "vnet0", "021f00").tap("vnet0").veth("021f00");

    assertThat(new HostNetwork(root).uplinkOf("br0", Set.of("021f00"))).isEmpty();
    assertThat(new HostNetwork(root).uplinkOf("absent", Set.of())).isEmpty();
  }

  @Test
  void refusesNamesThatWouldLeaveTheTree() {
    new TestingSysfs(root.resolve("net")).bridge("br0");
    HostNetwork host = new HostNetwork(root.resolve("net"));

    assertThat(host.exists("..")).isFalse();
    assertThat(host.exists("../net")).isFalse();
    assertThat(host.exists(null)).isFalse();
    assertThat(host.exists("a-name-longer-than-15")).isFalse();
    assertThat(host.exists("br0")).isTrue();
  }
}
