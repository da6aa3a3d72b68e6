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

  // The tester's case: the NIC under diagnosis is the second one; the first is healthy.
  private static final String TWO_NICS = """
      <domain type='kvm'><name>seed-vm</name><devices>
        <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/>
          <target dev='vnet4'/><model type='virtio'/></interface>
        <interface type='bridge'><mac address='00:16:3e:02:1f:00'/><source bridge='br0'/>
          <target dev='021f00'/><model type='virtio'/><link state='down'/></interface>
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
  void aDomainWithoutTheRequiredOwnerIsRefusedBeforeItsGuestAgentIsAsked() {
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(SEED_XML, Set.of(), Map.of(MAC, List.of("10.77.0.9")));
    CaptureRequest request = request("seed-vm", null);
    request.setRequiredOwner("team-x");

    assertFailure(() -> resolver(libvirt).resolve(request), AgentFailure.DOMAIN_NOT_OWNED, "does not carry owner 'team-x'");
    assertThat(libvirt.askedGuestAgent).isFalse();
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
    assertUnresolved(SEED_XML.replace("<target dev='021f00'/>", ""), "has no target device", "is the domain running?");
    assertUnresolved(SEED_XML.replace("br0", "br7"), "bridge 'br7'", "does not exist on this node");
    assertUnresolved(SEED_XML.replace("br0", "eth0"), "'eth0'", "is not a Linux bridge");
    assertUnresolved(SEED_XML.replace("021f00", "gone0"), "the VM device 'gone0'", "does not exist on this node");
    assertUnresolved("<domain><devices>", "cannot read domain 'seed-vm'", "not well-formed");
    assertUnresolved("<domain><devices><interface type='network'><mac address='52:54:00:00:00:01'/>"
        + "<source network='nowhere'/><target dev='021f00'/></interface></devices></domain>",
        "is on libvirt network 'nowhere', which libvirt does not know");
  }

  @Test
  void aDomainWithoutNicsIsNoNetworkInterface() {
    assertFailure(() -> resolver(new TestingLibvirtGateway("<domain><devices/></domain>", Set.of(), Map.of()))
        .resolve(request("seed-vm", null)), AgentFailure.NO_NETWORK_INTERFACE, "domain 'seed-vm' has no network interface");
  }

  @Test
  void nicsOffALinuxBridgeAreNotSupportedByName() {
    assertNotSupported("<interface type='direct'><mac address='52:54:00:00:00:01'/><source dev='eth0' mode='bridge'/>"
        + "<target dev='macvtap0'/></interface>", "52:54:00:00:00:01 (dev macvtap0, type direct on eth0)",
        "is macvtap (type 'direct'): not supported");
    assertNotSupported("<interface type='hostdev' managed='yes'><mac address='52:54:00:00:00:02'/><source>"
        + "<address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/></source></interface>",
        "is SR-IOV / PCI passthrough (type 'hostdev'): not supported");
    assertNotSupported("<interface type='vhostuser'><mac address='52:54:00:00:00:03'/>"
        + "<source type='unix' path='/run/vhu0.sock' mode='client'/></interface>", "is vhost-user (type 'vhostuser')");
    assertNotSupported("<interface type='user'><mac address='52:54:00:00:00:04'/></interface>", "is of type 'user'");
  }

  @Test
  void severalNicsNoneOnABridgeIsNotSupportedRatherThanAmbiguous() {
    assertNotSupported("<interface type='direct'><mac address='52:54:00:00:00:01'/><source dev='eth0' mode='bridge'/>"
        + "<target dev='macvtap0'/></interface><interface type='hostdev'><mac address='52:54:00:00:00:02'/></interface>",
        "domain 'seed-vm' has no NIC on a Linux bridge",
        "52:54:00:00:00:01 (dev macvtap0, type direct on eth0); 52:54:00:00:00:02 (dev not named yet, type hostdev)");
  }

  @Test
  void aNetworkNicIsFollowedToItsNetworksBridge() throws Exception {
    String xml = "<domain><devices><interface type='network'><mac address='00:16:3e:02:1f:00'/>"
        + "<source network='lab'/><target dev='021f00'/></interface></devices></domain>";
    DomainFacts facts = new DomainFacts(xml, "running", Set.of(), Map.of(),
        Map.of("lab", new DomainFacts.LibvirtNetwork("lab", "br0", "nat")));

    ResolvedPath path = resolver(new TestingLibvirtGateway(facts)).resolve(request("seed-vm", null));

    assertThat(path.getHops()).containsExactly(
        new Hop(HopRole.Uplink, "eth0"), new Hop(HopRole.Bridge, "br0"), new Hop(HopRole.Tap, "021f00"));
    assertThat(path.getInterfaceSelection()).isEqualTo("the domain's only NIC: 00:16:3e:02:1f:00 (dev 021f00, network 'lab')");
  }

  @Test
  void aNetworkWithoutABridgeIsNotSupported() {
    String xml = "<domain><devices><interface type='network'><mac address='00:16:3e:02:1f:00'/>"
        + "<source network='sriov-pool'/><target dev='021f00'/></interface></devices></domain>";
    DomainFacts facts = new DomainFacts(xml, "running", Set.of(), Map.of(),
        Map.of("sriov-pool", new DomainFacts.LibvirtNetwork("sriov-pool", null, "hostdev")));

    assertFailure(() -> resolver(new TestingLibvirtGateway(facts)).resolve(request("seed-vm", null)),
        AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED, "libvirt network 'sriov-pool' (forward mode hostdev)",
        "no Linux bridge", "not supported");
  }

  @Test
  void aStoppedOrPausedDomainSaysSo() {
    assertState("shut off", AgentFailure.DOMAIN_NOT_RUNNING, "domain 'seed-vm' is shut off, not running",
        "virsh start seed-vm");
    assertState("crashed", AgentFailure.DOMAIN_NOT_RUNNING, "is crashed, not running");
    assertState("shutting down", AgentFailure.DOMAIN_NOT_RUNNING, "is shutting down, not running");
    assertState("paused", AgentFailure.DOMAIN_PAUSED, "domain 'seed-vm' is paused", "virsh resume seed-vm");
    assertState("pmsuspended", AgentFailure.DOMAIN_PAUSED, "power management", "virsh dompmwakeup seed-vm");
  }

  @Test
  void aLinkHeldDownStillResolvesAndThePathSaysSo() throws Exception {
    String xml = SEED_XML.replace("<model type='virtio'/>", "<model type='virtio'/><link state='down'/>");

    ResolvedPath down = resolver(new TestingLibvirtGateway(xml, Set.of(), Map.of())).resolve(request("seed-vm", null));
    ResolvedPath up = resolver(new TestingLibvirtGateway(SEED_XML, Set.of(), Map.of())).resolve(request("seed-vm", null));

    assertThat(down.getLinkState()).isEqualTo("down");
    assertThat(down.getHops()).extracting(Hop::getInterfaceName).containsExactly("eth0", "br0", "021f00");
    assertThat(up.getLinkState()).isEqualTo("up");
  }

  @Test
  void aBadInterfaceInTheRequestIsABadRequest() {
    CaptureRequest request = request("seed-vm", null);
    request.setInterfaceName("../eth0");
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(SEED_XML, Set.of(), Map.of());

    assertFailure(() -> resolver(libvirt).resolve(request), AgentFailure.BAD_REQUEST,
        "'../eth0' is neither a MAC address nor a device name");
    assertThat(libvirt.askedDomain).isNull();
  }

  @Test
  void severalNicsAndNoneNamedIsRefusedWithTheList() {
    assertFailure(() -> resolver(new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of())).resolve(request("seed-vm", null)),
        AgentFailure.INTERFACE_AMBIGUOUS, "domain 'seed-vm' has 2 NICs and the diagnosis names none",
        "spec.target.libvirt.interface",
        "52:54:00:00:00:01 (dev vnet4, bridge br0); 00:16:3e:02:1f:00 (dev 021f00, bridge br0)");
  }

  @Test
  void theNamedNicIsTracedByMacInAnyCaseOrByDevice() throws Exception {
    CaptureRequest byMac = request("seed-vm", "10.77.0.9");
    byMac.setInterfaceName("00:16:3E:02:1F:00");
    CaptureRequest byDev = request("seed-vm", null);
    byDev.setInterfaceName("021f00");

    for (CaptureRequest request : List.of(byMac, byDev)) {
      ResolvedPath path = resolver(new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of())).resolve(request);

      assertThat(path.getVmMac()).isEqualTo(MAC);
      assertThat(path.getHops()).contains(new Hop(HopRole.Tap, "021f00"));
      assertThat(path.getLinkState()).isEqualTo("down");
    }
    assertThat(resolver(new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of())).resolve(byMac).getInterfaceSelection())
        .isEqualTo("the NIC spec.target.libvirt.interface names (MAC 00:16:3e:02:1f:00): 00:16:3e:02:1f:00 (dev 021f00, bridge br0)");
    assertThat(resolver(new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of())).resolve(byDev).getInterfaceSelection())
        .startsWith("the NIC spec.target.libvirt.interface names (target device 021f00)");
  }

  @Test
  void aNamedNicTheDomainLacksListsItsNics() {
    CaptureRequest request = request("seed-vm", null);
    request.setInterfaceName("52:54:00:00:00:09");

    assertFailure(() -> resolver(new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of())).resolve(request),
        AgentFailure.INTERFACE_NOT_FOUND, "no NIC with MAC or target device '52:54:00:00:00:09'",
        "its NICs: 52:54:00:00:00:01 (dev vnet4, bridge br0); 00:16:3e:02:1f:00 (dev 021f00, bridge br0)");
  }

  @Test
  void theOnlyNicTheNeighbourTableShowsHoldingTheAddressIsTakenAndSaidSo() throws Exception {
    ResolvedPath path = resolver(new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of()))
        .resolve(request("seed-vm", "10.77.0.251"));

    assertThat(path.getHops()).contains(new Hop(HopRole.Tap, "021f00"));
    assertThat(path.getInterfaceSelection()).isEqualTo("the only one of the domain's 2 NICs known to hold 10.77.0.251"
        + " (neighbour table): 00:16:3e:02:1f:00 (dev 021f00, bridge br0)");
  }

  @Test
  void theOnlyNicTheGuestAgentShowsHoldingTheAddressIsTaken() throws Exception {
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(TWO_NICS, Set.of(),
        Map.of("52:54:00:00:00:01", List.of("10.9.9.9"), MAC, List.of("fe80::1", "10.77.0.42")));

    ResolvedPath path = resolver(libvirt).resolve(request("seed-vm", "10.77.0.42"));

    assertThat(libvirt.askedGuestAgent).isFalse();
    assertThat(libvirt.guestAgentCalls).isEqualTo(1);
    assertThat(path.getVmMac()).isEqualTo(MAC);
    assertThat(path.getInterfaceSelection()).contains("known to hold 10.77.0.42 (guest agent)");
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.Spec);
  }

  @Test
  void anAddressNoNicOrEveryNicIsKnownToHoldIsRefused() throws Exception {
    assertFailure(() -> resolver(new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of()))
        .resolve(request("seed-vm", "10.77.0.99")), AgentFailure.INTERFACE_AMBIGUOUS,
        "has 2 NICs and none is known to hold 10.77.0.99", "52:54:00:00:00:01 (dev vnet4, bridge br0)");
    // Both NICs answer for the address (a stale neighbour entry, or a bond): still no guess.
    Files.writeString(arp, Files.readString(arp) + "10.77.0.251      0x1         0x2         52:54:00:00:00:01     *        br0\n");
    assertFailure(() -> resolver(new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of()))
        .resolve(request("seed-vm", "10.77.0.251")), AgentFailure.INTERFACE_AMBIGUOUS,
        "has 2 NICs and 2 are known to hold 10.77.0.251");
  }

  @Test
  void theTestDriversGuestAgentIsNotAskedToChooseANic() throws Exception {
    TestingLibvirtGateway libvirt = new TestingLibvirtGateway(TWO_NICS, Set.of(), Map.of("52:54:00:00:00:01", List.of("10.77.0.251")));
    CaptureRequest request = request("seed-vm", "10.77.0.251");
    request.setUri("test:///default");

    ResolvedPath path = resolver(libvirt).resolve(request);

    assertThat(libvirt.guestAgentCalls).isZero();
    assertThat(path.getInterfaceSelection()).contains("(neighbour table)");
  }

  private void assertState(String state, String reason, String... messageParts) {
    DomainFacts facts = new DomainFacts(SEED_XML, state, Set.of(), Map.of(), Map.of());
    assertFailure(() -> resolver(new TestingLibvirtGateway(facts)).resolve(request("seed-vm", null)), reason, messageParts);
  }

  private void assertNotSupported(String nicXml, String... messageParts) {
    assertFailure(() -> resolver(new TestingLibvirtGateway("<domain><devices>" + nicXml + "</devices></domain>",
        Set.of(), Map.of())).resolve(request("seed-vm", null)), AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED, messageParts);
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
