package io.vmnetdiag.agent.path;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainInterfacesTest {
  // The interface from the source case's `virsh dumpxml`, with its vendor pps limit.
  private static final String SEED_XML = """
      <domain type='kvm' id='7'>
        <name>seed-vm</name>
        <devices>
          <disk type='file' device='disk'><target dev='vda'/></disk>
          <interface type='bridge'>
            <mac address='00:16:3E:02:1F:00'/>
            <source bridge='br0'/>
            <target dev='021f00'/>
            <model type='virtio'/>
            <bandwidth>
              <inbound average='10000'/>
              <outbound average='10000' pps='120000'/>
            </bandwidth>
          </interface>
        </devices>
      </domain>
      """;

  @Test
  void readsTheSeedInterface() {
    DomainInterfaces parsed = DomainInterfaces.parse(SEED_XML);

    assertThat(parsed.problem()).isEmpty();
    assertThat(parsed.all()).containsExactly(new DomainInterface("bridge", "00:16:3e:02:1f:00", "021f00", "br0",
        null, null, "virtio", null, List.of(), "inbound average=10000; outbound average=10000 pps=120000"));
    assertThat(parsed.all().get(0).effectiveLinkState()).isEqualTo("up");
    assertThat(parsed.all().get(0).describe()).isEqualTo("00:16:3e:02:1f:00 (dev 021f00, bridge br0)");
    assertThat(parsed.targetDevs()).containsExactly("021f00");
  }

  @Test
  void readsALinkHeldDown() {
    DomainInterfaces parsed = DomainInterfaces.parse("""
        <domain><devices>
          <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br1'/>
            <target dev='vnet3'/><link state='down'/></interface>
          <interface type='bridge'><mac address='52:54:00:00:00:02'/><source bridge='br1'/>
            <target dev='vnet4'/><link state='up'/></interface>
        </devices></domain>
        """);

    assertThat(parsed.all()).extracting(DomainInterface::linkDown).containsExactly(true, false);
    assertThat(parsed.all()).extracting(DomainInterface::effectiveLinkState).containsExactly("down", "up");
  }

  @Test
  void readsEveryInterfaceWithItsTypeSourceVlansAndLimits() {
    DomainInterfaces parsed = DomainInterfaces.parse("""
        <domain><devices>
          <interface type='user'><mac address='52:54:00:00:00:09'/></interface>
          <interface type='network'><mac address='52:54:00:00:00:0a'/><source network='default'/></interface>
          <interface type='network'><mac address='52:54:00:00:00:0B'/>
            <source network='lab' bridge='virbr7'/><target dev='vnet9'/>
            <vlan trunk='yes'><tag id='42'/><tag id='47' nativeMode='untagged'/><tag id='x'/></vlan></interface>
          <interface type='bridge'><mac address='52:54:00:00:00:0c'/><source bridge='br0'/>
            <target dev='vnet10'/><bandwidth><outbound average='128' peak='256' burst='1024'/></bandwidth></interface>
          <interface type='direct'><mac address='52:54:00:00:00:0d'/><source dev='eth0' mode='vepa'/>
            <target dev='macvtap0'/></interface>
          <interface type='hostdev' managed='yes'><mac address='52:54:00:00:00:0e'/>
            <source><address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/></source></interface>
        </devices></domain>
        """);

    assertThat(parsed.all()).extracting(DomainInterface::type)
        .containsExactly("user", "network", "network", "bridge", "direct", "hostdev");
    DomainInterface lab = parsed.all().get(2);
    assertThat(lab.mac()).isEqualTo("52:54:00:00:00:0b");
    assertThat(lab.sourceBridge()).isEqualTo("virbr7");
    assertThat(lab.sourceNetwork()).isEqualTo("lab");
    assertThat(lab.vlanTags()).containsExactly(42, 47);
    assertThat(lab.describe()).isEqualTo("52:54:00:00:00:0b (dev vnet9, network 'lab' on bridge virbr7)");
    assertThat(parsed.all().get(1).describe()).isEqualTo("52:54:00:00:00:0a (dev not named yet, network 'default')");
    assertThat(parsed.all().get(3).bandwidth()).isEqualTo("outbound average=128 peak=256 burst=1024");
    assertThat(parsed.all().get(4).sourceDev()).isEqualTo("eth0");
    assertThat(parsed.all().get(4).describe()).isEqualTo("52:54:00:00:00:0d (dev macvtap0, type direct on eth0)");
    assertThat(parsed.all().get(5).describe()).isEqualTo("52:54:00:00:00:0e (dev not named yet, type hostdev)");
    assertThat(parsed.targetDevs()).containsExactly("vnet9", "vnet10", "macvtap0");
  }

  @Test
  void aNicIsNamedByItsMacInAnyCaseOrByItsTargetDev() {
    DomainInterface nic = DomainInterfaces.parse("""
        <domain><devices><interface type='bridge'><mac address='52:54:00:AB:cd:01'/><source bridge='br0'/>
          <target dev='tap7'/></interface></devices></domain>
        """).all().get(0);

    assertThat(nic.isNamedBy("52:54:00:ab:CD:01")).isTrue();
    assertThat(nic.isNamedBy(" tap7 ")).isTrue();
    assertThat(nic.isNamedBy("TAP7")).isFalse(); // device names are case-sensitive
    assertThat(nic.isNamedBy("52:54:00:ab:cd:02")).isFalse();
    assertThat(nic.isNamedBy(null)).isFalse();
  }

  @Test
  void aDomainWithoutInterfacesHasNone() {
    DomainInterfaces parsed = DomainInterfaces.parse("<domain type='test'><name>x</name><devices/></domain>");

    assertThat(parsed.problem()).isEmpty();
    assertThat(parsed.all()).isEmpty();
  }

  @Test
  void ignoresInterfacesOutsideDevices() {
    DomainInterfaces parsed = DomainInterfaces.parse(
        "<domain><metadata><interface type='bridge'><source bridge='br0'/></interface></metadata></domain>");

    assertThat(parsed.all()).isEmpty();
  }

  @Test
  void garbageGivesAClearProblemInsteadOfAnException() {
    DomainInterfaces parsed = DomainInterfaces.parse("<domain><devices><interface type='bridge'>");

    assertThat(parsed.all()).isEmpty();
    assertThat(parsed.problem()).hasValueSatisfying(
        problem -> assertThat(problem).startsWith("the domain XML is not well-formed"));
  }

  @Test
  void emptyAndForeignXmlAreProblems() {
    assertThat(DomainInterfaces.parse(null).problem()).contains("the domain XML is empty");
    assertThat(DomainInterfaces.parse("  ").problem()).contains("the domain XML is empty");
    assertThat(DomainInterfaces.parse("<network><name>default</name></network>").problem())
        .contains("not a libvirt domain XML: the root element is <network>");
  }

  @Test
  void refusesDoctypesSoNoEntityIsExpanded() {
    String xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE domain [<!ENTITY leak SYSTEM "file:///etc/hostname">]>
        <domain><devices><interface type='bridge'><source bridge='&leak;'/><target dev='v0'/></interface>
        </devices></domain>
        """;

    DomainInterfaces parsed = DomainInterfaces.parse(xxe);

    assertThat(parsed.all()).isEmpty();
    assertThat(parsed.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("DOCTYPE"));
  }
}
