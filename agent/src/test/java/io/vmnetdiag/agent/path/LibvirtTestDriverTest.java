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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole resolver against libvirt's real in-process test driver ({@code test:///<node file>}),
 * through libvirt-java and JNA, with the node's devices in a fake sysfs tree.
 */
class LibvirtTestDriverTest {
  // Domains listed in a test-driver node file start out running, as on a real node.
  private static final String NODE_XML = """
      <node>
        <network><name>labnet</name><bridge name='vmbr0'/></network>
        <network><name>pool</name><forward mode='bridge'><interface dev='eth9'/></forward></network>
        <domain type='test'>
          <name>seed-vm</name>
          <metadata><vd:owner xmlns:vd='https://vmnetdiag.io/xmlns/owner/1'>team-a</vd:owner></metadata>
          <memory>262144</memory>
          <os><type>hvm</type></os>
          <devices>
            <interface type='bridge'>
              <mac address='00:16:3e:02:1f:00'/>
              <source bridge='vmbr0'/>
              <target dev='021f00'/>
              <model type='virtio'/>
              <bandwidth><outbound average='10000'/></bandwidth>
              <link state='down'/>
            </interface>
          </devices>
        </domain>
        <domain type='test'>
          <name>neighbour-vm</name>
          <memory>262144</memory>
          <os><type>hvm</type></os>
          <devices>
            <interface type='bridge'>
              <mac address='00:16:3e:0a:0b:0c'/>
              <source bridge='vmbr0'/>
              <target dev='0a0b0c'/>
            </interface>
          </devices>
        </domain>
        <domain type='test'>
          <name>two-nics</name>
          <memory>262144</memory>
          <os><type>hvm</type></os>
          <devices>
            <interface type='bridge'>
              <mac address='52:54:00:00:00:21'/><source bridge='vmbr0'/><target dev='tn21'/><model type='virtio'/>
            </interface>
            <interface type='network'>
              <mac address='52:54:00:00:00:22'/><source network='labnet'/><target dev='tn22'/><model type='e1000'/>
              <vlan><tag id='42'/></vlan>
              <bandwidth><inbound average='1000' peak='5000' burst='1024'/></bandwidth>
            </interface>
          </devices>
        </domain>
        <domain type='test'>
          <name>direct-vm</name>
          <memory>262144</memory>
          <os><type>hvm</type></os>
          <devices>
            <interface type='direct'>
              <mac address='52:54:00:00:00:31'/><source dev='eth9' mode='bridge'/><target dev='mt31'/>
            </interface>
          </devices>
        </domain>
        <domain type='test'>
          <name>pool-vm</name>
          <memory>262144</memory>
          <os><type>hvm</type></os>
          <devices>
            <interface type='network'><mac address='52:54:00:00:00:41'/><source network='pool'/><target dev='pl41'/></interface>
          </devices>
        </domain>
        <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
          <name>paused-vm</name>
          <memory>262144</memory>
          <os><type>hvm</type></os>
          <devices>
            <interface type='bridge'><mac address='52:54:00:00:00:51'/><source bridge='vmbr0'/><target dev='tp51'/></interface>
          </devices>
          <test:runstate>3</test:runstate>
        </domain>
        <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
          <name>off-vm</name>
          <memory>262144</memory>
          <os><type>hvm</type></os>
          <devices>
            <interface type='bridge'><mac address='52:54:00:00:00:61'/><source bridge='vmbr0'/></interface>
          </devices>
          <test:runstate>5</test:runstate>
        </domain>
      </node>
      """;

  @TempDir
  Path dir;
  private String uri;
  private Path arp;
  private PathResolver resolver;

  @BeforeEach
  void aLabNode() throws Exception {
    Path node = Files.writeString(dir.resolve("node.xml"), NODE_XML);
    uri = "test://" + node.toAbsolutePath();
    // As in the lab: the VM devices and the uplink are all veths, so only libvirt tells them apart.
    TestingSysfs sysfs = new TestingSysfs(dir.resolve("net"))
        .bridge("vmbr0", "021f00", "0a0b0c", "tn21", "tn22", "tp51", "0a0b0d-up")
        .veth("021f00").veth("0a0b0c").veth("tn21").veth("tn22").veth("tp51").veth("0a0b0d-up");
    arp = Files.writeString(dir.resolve("arp"), """
        IP address       HW type     Flags       HW address            Mask     Device
        10.66.0.7        0x1         0x2         00:16:3e:02:1f:00     *        vmbr0
        10.66.0.22       0x1         0x2         52:54:00:00:00:22     *        vmbr0
        """);
    resolver = new PathResolver(new LibvirtJavaGateway(), new HostNetwork(sysfs.root()), new NeighbourTable(arp));
  }

  @Test
  void resolvesTheWholePath() throws Exception {
    ResolvedPath path = resolver.resolve(request("seed-vm"));

    assertThat(path.getNode()).isEqualTo("lab-node");
    assertThat(path.getDomain()).isEqualTo("seed-vm");
    assertThat(path.getVmMac()).isEqualTo("00:16:3e:02:1f:00");
    assertThat(path.getHops()).containsExactly(
        new Hop(HopRole.Uplink, "0a0b0d-up"), new Hop(HopRole.Bridge, "vmbr0"), new Hop(HopRole.Tap, "021f00"));
    // The test driver's guest agent makes addresses up; the neighbour table is believed instead.
    assertThat(path.getVmAddress()).isEqualTo("10.66.0.7");
    assertThat(path.getAddressSource()).isEqualTo(AddressSource.NeighbourTable);
    // <link state='down'/>: the tap stays up on the node, so only the path can say it.
    assertThat(path.getLinkState()).isEqualTo("down");
    assertThat(path.getBandwidthLimits()).isEqualTo("outbound average=10000");
    assertThat(path.getVlanTags()).isNull();
    assertThat(path.getInterfaceSelection()).isEqualTo("the domain's only NIC: 00:16:3e:02:1f:00 (dev 021f00, bridge vmbr0)");
  }

  @Test
  void severalNicsAndNoneNamedAreRefusedWithTheList() {
    assertFailure(request("two-nics"), AgentFailure.INTERFACE_AMBIGUOUS,
        "domain 'two-nics' has 2 NICs and the diagnosis names none",
        "52:54:00:00:00:21 (dev tn21, bridge vmbr0); 52:54:00:00:00:22 (dev tn22, network 'labnet')");
  }

  @Test
  void theNamedNetworkNicIsFollowedToItsNetworksBridge() throws Exception {
    CaptureRequest request = request("two-nics");
    request.setInterfaceName("52:54:00:00:00:22");

    ResolvedPath path = resolver.resolve(request);

    // The test driver's live XML names the network only; libvirt's network XML gives the bridge.
    assertThat(path.getHops()).containsExactly(
        new Hop(HopRole.Uplink, "0a0b0d-up"), new Hop(HopRole.Bridge, "vmbr0"), new Hop(HopRole.Tap, "tn22"));
    assertThat(path.getVmMac()).isEqualTo("52:54:00:00:00:22");
    assertThat(path.getVmAddress()).isEqualTo("10.66.0.22");
    assertThat(path.getLinkState()).isEqualTo("up");
    assertThat(path.getInterfaceSelection()).startsWith("the NIC spec.target.libvirt.interface names (MAC 52:54:00:00:00:22)");
    assertThat(path.getVlanTags()).containsExactly(42);
    assertThat(path.getBandwidthLimits()).isEqualTo("inbound average=1000 peak=5000 burst=1024");
  }

  @Test
  void theNicNamedByItsDeviceIsTraced() throws Exception {
    CaptureRequest request = request("two-nics");
    request.setInterfaceName("tn21");

    ResolvedPath path = resolver.resolve(request);

    assertThat(path.getVmMac()).isEqualTo("52:54:00:00:00:21");
    assertThat(path.getHops()).contains(new Hop(HopRole.Tap, "tn21"));
  }

  @Test
  void theOnlyNicKnownToHoldTheRequestedAddressIsTaken() throws Exception {
    CaptureRequest request = request("two-nics");
    request.setAddress("10.66.0.22");

    ResolvedPath path = resolver.resolve(request);

    assertThat(path.getHops()).contains(new Hop(HopRole.Tap, "tn22"));
    assertThat(path.getInterfaceSelection()).isEqualTo("the only one of the domain's 2 NICs known to hold 10.66.0.22"
        + " (neighbour table): 52:54:00:00:00:22 (dev tn22, network 'labnet')");
  }

  @Test
  void aNamedNicTheDomainLacksListsItsNics() {
    CaptureRequest request = request("two-nics");
    request.setInterfaceName("tn99");

    assertFailure(request, AgentFailure.INTERFACE_NOT_FOUND, "domain 'two-nics' has no NIC with MAC or target device 'tn99'",
        "its NICs: 52:54:00:00:00:21 (dev tn21, bridge vmbr0); 52:54:00:00:00:22 (dev tn22, network 'labnet')");
  }

  @Test
  void macvtapAndABridgelessNetworkAreNotSupportedByName() {
    assertFailure(request("direct-vm"), AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED,
        "52:54:00:00:00:31 (dev mt31, type direct on eth9)", "is macvtap (type 'direct'): not supported");
    assertFailure(request("pool-vm"), AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED,
        "libvirt network 'pool' (forward mode bridge)", "no Linux bridge");
  }

  @Test
  void pausedAndShutOffDomainsSaySo() {
    assertFailure(request("paused-vm"), AgentFailure.DOMAIN_PAUSED, "domain 'paused-vm' is paused");
    assertFailure(request("off-vm"), AgentFailure.DOMAIN_NOT_RUNNING, "domain 'off-vm' is shut off, not running");
  }

  @Test
  void theGatewayReadsTheNicsVlanTagsAndBandwidth() throws Exception {
    DomainFacts facts = new LibvirtJavaGateway().inspect(uri, "two-nics", false);

    assertThat(facts.state()).isEqualTo("running");
    assertThat(facts.networks()).containsOnlyKeys("labnet");
    assertThat(facts.networks().get("labnet").bridge()).isEqualTo("vmbr0");
    DomainInterface nic = DomainInterfaces.parse(facts.domainXml()).all().get(1);
    assertThat(nic.vlanTags()).containsExactly(42);
    assertThat(nic.bandwidth()).isEqualTo("inbound average=1000 peak=5000 burst=1024");
    assertThat(nic.model()).isEqualTo("e1000");
  }

  private void assertFailure(CaptureRequest request, String reason, String... messageParts) {
    assertThatThrownBy(() -> resolver.resolve(request))
        .isInstanceOfSatisfying(PathResolutionException.class, e -> {
          assertThat(e.failure().getReason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(messageParts);
        });
  }

  @Test
  void aWrongNameListsTheKnownDomainsToTheHostsAdministrator() {
    CaptureRequest request = request("no-such-vm");
    request.setListKnownDomains(true);
    assertThatThrownBy(() -> resolver.resolve(request))
        .isInstanceOfSatisfying(PathResolutionException.class, e -> {
          assertThat(e.failure().getReason()).isEqualTo(AgentFailure.DOMAIN_NOT_FOUND);
          assertThat(e.getMessage()).contains("no domain named 'no-such-vm'")
              .contains("known domains: direct-vm, neighbour-vm, off-vm, paused-vm, pool-vm, seed-vm, two-nics");
        });
  }

  @Test
  void aWrongNameNamesNoOtherDomainToATenant() {
    assertThatThrownBy(() -> resolver.resolve(request("no-such-vm")))
        .isInstanceOfSatisfying(PathResolutionException.class, e -> {
          assertThat(e.failure().getReason()).isEqualTo(AgentFailure.DOMAIN_NOT_FOUND);
          assertThat(e.getMessage()).contains("has no domain named 'no-such-vm'").doesNotContain("seed-vm");
        });
  }

  @Test
  void aDomainCarryingTheRequiredOwnerTagResolves() throws Exception {
    CaptureRequest request = request("seed-vm");
    request.setRequiredOwner("team-a");

    assertThat(resolver.resolve(request).getDomain()).isEqualTo("seed-vm");
  }

  @Test
  void aDomainWithoutTheRequiredOwnerTagIsRefused() {
    CaptureRequest untagged = request("neighbour-vm");
    untagged.setRequiredOwner("team-a");

    assertThatThrownBy(() -> resolver.resolve(untagged))
        .isInstanceOfSatisfying(PathResolutionException.class, e -> {
          assertThat(e.failure().getReason()).isEqualTo(AgentFailure.DOMAIN_NOT_OWNED);
          assertThat(e.getMessage()).contains("domain 'neighbour-vm' does not carry owner 'team-a'");
        });
  }

  @Test
  void anotherTenantsOwnerTagIsRefusedWithoutNamingIt() {
    CaptureRequest otherOwner = request("seed-vm");
    otherOwner.setRequiredOwner("team-b");

    assertThatThrownBy(() -> resolver.resolve(otherOwner))
        .isInstanceOfSatisfying(PathResolutionException.class, e -> {
          assertThat(e.failure().getReason()).isEqualTo(AgentFailure.DOMAIN_NOT_OWNED);
          assertThat(e.getMessage()).contains("does not carry owner 'team-b'").doesNotContain("team-a");
        });
  }

  @Test
  void anUnreachableLibvirtIsLibvirtUnavailable() {
    CaptureRequest request = request("seed-vm");
    request.setUri("test://" + dir.resolve("missing-node.xml").toAbsolutePath());

    assertThatThrownBy(() -> resolver.resolve(request))
        .isInstanceOfSatisfying(PathResolutionException.class,
            e -> assertThat(e.failure().getReason()).isEqualTo(AgentFailure.LIBVIRT_UNAVAILABLE));
  }

  @Test
  void gatewayReadsTheXmlTheDevicesOfRunningDomainsAndTheGuestAgent() throws Exception {
    DomainFacts facts = new LibvirtJavaGateway().inspect(uri, "seed-vm", true);

    assertThat(DomainInterfaces.parse(facts.domainXml()).all()).singleElement().satisfies(nic -> {
      assertThat(nic.targetDev()).isEqualTo("021f00");
      assertThat(nic.linkDown()).isTrue();
    });
    assertThat(facts.vmDevices())
        .containsExactlyInAnyOrder("021f00", "0a0b0c", "tn21", "tn22", "mt31", "pl41", "tp51");
    // Proves the read-write guest-agent call works; the answer itself is the test driver's invention.
    assertThat(facts.guestAddressesByMac()).containsKey("00:16:3e:02:1f:00");
    assertThat(facts.guestAddressesByMac().get("00:16:3e:02:1f:00")).isNotEmpty();
  }

  private CaptureRequest request(String domain) {
    CaptureRequest request = new CaptureRequest();
    request.setDiagnosis("default/lab");
    request.setNode("lab-node");
    request.setDomain(domain);
    request.setUri(uri);
    return request;
  }
}
