package io.vmnetdiag.agent.path;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(parsed.all()).containsExactly(
        new DomainInterface("bridge", "00:16:3e:02:1f:00", "021f00", "br0", null, "virtio", false));
    assertThat(parsed.firstBridged()).map(DomainInterface::targetDev).contains("021f00");
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
  }

  @Test
  void choosesTheFirstBridgedInterfaceSkippingOthers() {
    DomainInterfaces parsed = DomainInterfaces.parse("""
        <domain><devices>
          <interface type='user'><mac address='52:54:00:00:00:09'/></interface>
          <interface type='network'><mac address='52:54:00:00:00:0a'/><source network='default'/></interface>
          <interface type='network'><mac address='52:54:00:00:00:0b'/>
            <source network='lab' bridge='virbr7'/><target dev='vnet9'/></interface>
          <interface type='bridge'><mac address='52:54:00:00:00:0c'/><source bridge='br0'/>
            <target dev='vnet10'/></interface>
        </devices></domain>
        """);

    assertThat(parsed.firstBridged()).hasValueSatisfying(nic -> {
      assertThat(nic.mac()).isEqualTo("52:54:00:00:00:0b");
      assertThat(nic.sourceBridge()).isEqualTo("virbr7");
      assertThat(nic.sourceNetwork()).isEqualTo("lab");
    });
    assertThat(parsed.all().get(1).describe()).contains("network 'default'").contains("no bridge");
    assertThat(parsed.targetDevs()).containsExactly("vnet9", "vnet10");
  }

  @Test
  void aDomainWithoutInterfacesHasNone() {
    DomainInterfaces parsed = DomainInterfaces.parse("<domain type='test'><name>x</name><devices/></domain>");

    assertThat(parsed.problem()).isEmpty();
    assertThat(parsed.all()).isEmpty();
    assertThat(parsed.firstBridged()).isEmpty();
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
