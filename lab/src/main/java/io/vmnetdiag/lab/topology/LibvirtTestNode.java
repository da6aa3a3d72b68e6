package io.vmnetdiag.lab.topology;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Renders a libvirt test-driver node document ({@code test:///abs/path}) holding one running domain whose
 * bridge interface names the lab's bridge, tap and guest MAC, so the agent resolves the lab VM via libvirt.
 */
public final class LibvirtTestNode {
  private LibvirtTestNode() {}

  public static String render(String domainName, String mac, String bridge, String tap) {
    // A name-derived UUID keeps the file stable across runs for the same domain.
    String uuid = UUID.nameUUIDFromBytes(("vmnetdiag-lab/" + domainName).getBytes(StandardCharsets.UTF_8)).toString();
    return """
        <node>
          <domain type='test'>
            <name>%s</name>
            <uuid>%s</uuid>
            <memory unit='KiB'>262144</memory>
            <vcpu>1</vcpu>
            <os>
              <type arch='x86_64'>hvm</type>
            </os>
            <devices>
              <interface type='bridge'>
                <mac address='%s'/>
                <source bridge='%s'/>
                <target dev='%s'/>
                <model type='virtio'/>
              </interface>
            </devices>
          </domain>
        </node>
        """.formatted(escape(domainName), uuid, escape(mac), escape(bridge), escape(tap));
  }

  private static String escape(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("'", "&apos;").replace("\"", "&quot;");
  }
}
