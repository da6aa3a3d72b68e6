package io.vmnetdiag.agent.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver's logic with libvirt faked at the gateway and the node faked in a temporary sysfs tree. */
class PathResolverTest {
  private static final String MAC = "00:16:3e:02:1f:00";
  private static final String SEED_XML = """
      <domain type='kvm'><name>seed-vm</name><devices>
        <interface type='bridge'><mac address='00:16:3e:02:1f:00'/><source bridge='br0'/>
          <target dev='021f00'/><model type='virtio'/></interface>
      </devices></domain>
      """;

  @TempDir
  Path dir;
  private TestingSysfs sysfs;
  private Path arp;

  @BeforeEach
  void aNodeLikeTheSeed() throws Exception {
    sysfs = new TestingSysfs(dir.resolve("net"))
        .bridge("br0", "021f00", "vnet4", "eth0").veth("021f00").tap("vnet4").physical("eth0");
    arp = Files.writeString(dir.resolve("arp"), """
        IP address       HW type     Flags       HW address            Mask     Device
        10.77.0.251      0x1         0x2         00:16:3e:02:1f:00     *        br0
        """);
  }

  @Test
  void resolvesUplinkBridgeAndTapWithTheRequestedAddress() throws Exception {
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(SEED_XML, Set.of("vnet4"), Map.of());

    ResolvedPath path = resolver(libvirt).resolve(request("seed-vm", "10.77.0.9"));

    assertThat(path.getNode()).isEqualTo("node-a");
    assertThat(path.getDomain()).isEqualTo("seed-vm");
    assertThat(path.getVmMac()).isEqualTo(MAC);
    assertThat(path.getVmAddress()).isEqualTo("10.77.0.9");
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.Spec);
    assertThat(path.getHops()).containsExactly(
        new Hop(HopRole.Uplink, "eth0"), new Hop(HopRole.Bridge, "br0"), new Hop(HopRole.Tap, "021f00"));
    assertThat(libvirt.askedUri).isEqualTo("qemu:///system");
    assertThat(libvirt.askedGuestAgent).isFalse();
  }

  @Test
  void asksTheGuestAgentOfARealHypervisor() throws Exception {
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(SEED_XML, Set.of(),
        Map.of(MAC, List.of("fe80::216:3eff:fe02:1f00", "10.77.0.42"), "52:54:00:00:00:01", List.of("10.1.1.1")));

    ResolvedPath path = resolver(libvirt).resolve(request("seed-vm", null));

    assertThat(libvirt.askedGuestAgent).isTrue();
    assertThat(path.getVmAddress()).isEqualTo("10.77.0.42");
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.GuestAgent);
  }

  @Test
  void ignoresTheTestDriversMadeUpAddressesAndFallsBackToTheNeighbourTable() throws Exception {
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(SEED_XML, Set.of(), Map.of(MAC, List.of("192.168.0.1")));
    CaptureRequest request = request("seed-vm", null);
    request.setUri("test:///default");

    ResolvedPath path = resolver(libvirt).resolve(request);

    assertThat(libvirt.askedGuestAgent).isFalse();
    assertThat(path.getVmAddress()).isEqualTo("10.77.0.251");
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.NeighbourTable);
  }

  @Test
  void anAddressNobodyKnowsIsUnknown() throws Exception {
    Files.writeString(arp, "IP address HW type Flags HW address Mask Device\n");
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(SEED_XML, Set.of(), Map.of());

    ResolvedPath path = resolver(libvirt).resolve(request("seed-vm", " "));

    assertThat(path.getVmAddress()).isNull();
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.Unknown);
  }

  @Test
  void anInvalidAddressIsABadRequestBeforeLibvirtIsAsked() {
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(SEED_XML, Set.of(), Map.of());

    assertFailure(() -> resolver(libvirt).resolve(request("seed-vm", "vm.example.com")),
        AgentFailure.BAD_REQUEST, "'vm.example.com' is not an IPv4 or IPv6 address literal");
    assertThat(libvirt.askedDomain).isNull();
    assertFailure(() -> resolver(libvirt).resolve(request(" ", null)),
        AgentFailure.BAD_REQUEST, "names no libvirt domain");
  }

  @Test
  void otherDomainsDevicesAreNeverTheUplink() throws Exception {
    // The lab: every port is a veth; only libvirt knows which ones belong to VMs.
    sysfs.bridge("br9", "021f00", "0a0b0c", "0a0b0d", "zz-up").veth("0a0b0c").veth("0a0b0d").veth("zz-up");
    String xml = SEED_XML.replace("br0", "br9");

    ResolvedPath path = resolver(new TestingLibvirtGateway(xml, Set.of("0a0b0c", "0a0b0d"), Map.of()))
        .resolve(request("seed-vm", null));

    assertThat(path.getHops()).first().isEqualTo(new Hop(HopRole.Uplink, "zz-up"));
  }

  @Test
  void noUplinkNamesTheBridgeAndItsPorts() {
    sysfs.bridge("br9", "021f00", "vnet4");
    String xml = SEED_XML.replace("br0", "br9");

    assertFailure(() -> resolver(new TestingLibvirtGateway(xml, Set.of(), Map.of())).resolve(request("seed-vm", null)),
        AgentFailure.PATH_UNRESOLVED, "bridge 'br9' has no uplink: all its ports [021f00, vnet4] are VM devices");
  }

  @Test
  void unresolvablePathsSayWhy() {
    assertUnresolved("<domain><devices/></domain>", "domain 'seed-vm' has no network interface");
    assertUnresolved("<domain><devices><interface type='direct'><mac address='52:54:00:00:00:01'/>"
        + "<source dev='eth0' mode='bridge'/></interface></devices></domain>",
        "no interface on a Linux bridge", "found: direct 52:54:00:00:00:01");
    assertUnresolved("<domain><devices><interface type='network'><mac address='52:54:00:00:00:01'/>"
        + "<source network='default'/></interface></devices></domain>",
        "no interface on a Linux bridge", "network 'default' (no bridge named)");
    assertUnresolved(SEED_XML.replace("<target dev='021f00'/>", ""), "has no target device", "is the domain running?");
    assertUnresolved(SEED_XML.replace("br0", "br7"), "bridge 'br7'", "does not exist on this node");
    assertUnresolved(SEED_XML.replace("br0", "eth0"), "'eth0'", "is not a Linux bridge");
    assertUnresolved(SEED_XML.replace("021f00", "gone0"), "the VM device 'gone0'", "does not exist on this node");
    assertUnresolved("<domain><devices>", "cannot read domain 'seed-vm'", "not well-formed");
  }

  @Test
  void aTapDetachedFromTheBridgeStillResolvesSoTheCaptureCanShowIt() throws Exception {
    sysfs.veth("detached0");

    ResolvedPath path = resolver(new TestingLibvirtGateway(SEED_XML.replace("021f00", "detached0"), Set.of(), Map.of()))
        .resolve(request("seed-vm", null));

    assertThat(path.getHops()).containsExactly(
        new Hop(HopRole.Uplink, "eth0"), new Hop(HopRole.Bridge, "br0"), new Hop(HopRole.Tap, "detached0"));
  }

  private void assertUnresolved(String xml, String... messageParts) {
    assertFailure(() -> resolver(new TestingLibvirtGateway(xml, Set.of(), Map.of())).resolve(request("seed-vm", null)),
        AgentFailure.PATH_UNRESOLVED, messageParts);
  }

  private static void assertFailure(ThrowingResolve call, String reason, String... messageParts) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(PathResolutionException.class, e -> {
          assertThat(e.failure().getReason()).isEqualTo(reason);
          assertThat(e.failure().getMessage()).contains(messageParts);
        });
  }

  private PathResolver resolver(LibvirtGateway libvirt) {
    return new PathResolver(libvirt, new HostNetwork(sysfs.root()), new NeighbourTable(arp));
  }

  private static CaptureRequest request(String domain, String address) {
    CaptureRequest request = new CaptureRequest();
    request.setDiagnosis("default/seed");
    request.setNode("node-a");
    request.setDomain(domain);
    request.setAddress(address);
    return request;
  }

  @FunctionalInterface
  private interface ThrowingResolve {
    void run() throws Exception;
  }
}
