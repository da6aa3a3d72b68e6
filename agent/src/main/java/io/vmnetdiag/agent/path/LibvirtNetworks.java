package io.vmnetdiag.agent.path;

import io.vmnetdiag.agent.path.DomainFacts.LibvirtNetwork;
import java.io.StringReader;
import java.util.List;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** Reads a libvirt network's XML ({@code virsh net-dumpxml}): its bridge and forward mode. */
final class LibvirtNetworks {
  private LibvirtNetworks() {
  }

  /** The network's bridge and forward mode; both null when the XML cannot be read. */
  static LibvirtNetwork parse(String name, String networkXml) {
    try {
      Element root = DomainInterfaces.newSafeBuilder()
          .parse(new InputSource(new StringReader(networkXml))).getDocumentElement();
      if (!"network".equals(root.getTagName())) {
        return new LibvirtNetwork(name, null, null);
      }
      return new LibvirtNetwork(name, attribute(root, "bridge", "name"), attribute(root, "forward", "mode"));
    } catch (Exception e) {
      return new LibvirtNetwork(name, null, null);
    }
  }

  private static String attribute(Element parent, String child, String attribute) {
    List<Element> matches = DomainInterfaces.children(parent, child);
    if (matches.isEmpty()) {
      return null;
    }
    String value = matches.get(0).getAttribute(attribute);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
