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
        <domain type='test'>
          <name>seed-vm</name>
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
        .bridge("vmbr0", "021f00", "0a0b0c", "0a0b0d-up").veth("021f00").veth("0a0b0c").veth("0a0b0d-up");
    arp = Files.writeString(dir.resolve("arp"), """
        IP address       HW type     Flags       HW address            Mask     Device
        10.66.0.7        0x1         0x2         00:16:3e:02:1f:00     *        vmbr0
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
  }

  @Test
  void aWrongNameListsTheKnownDomains() {
    assertThatThrownBy(() -> resolver.resolve(request("no-such-vm")))
        .isInstanceOfSatisfying(PathResolutionException.class, e -> {
          assertThat(e.failure().getReason()).isEqualTo(AgentFailure.DOMAIN_NOT_FOUND);
          assertThat(e.getMessage()).contains("no domain named 'no-such-vm'")
              .contains("known domains: neighbour-vm, seed-vm");
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

    assertThat(DomainInterfaces.parse(facts.domainXml()).firstBridged()).hasValueSatisfying(nic -> {
      assertThat(nic.targetDev()).isEqualTo("021f00");
      assertThat(nic.linkDown()).isTrue();
    });
    assertThat(facts.vmDevices()).containsExactlyInAnyOrder("021f00", "0a0b0c");
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
