package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.report.DomainOwnerTag;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The owner tags in a domain's libvirt {@code <metadata>} ({@link DomainOwnerTag}), and the check a policy grant
 * asks for: the agent refuses a domain that does not carry the required owner before it captures anything.
 */
public final class DomainOwner {
  private DomainOwner() {
  }

  /** The owner values the domain XML carries; empty when none (or when the XML cannot be read). */
  static List<String> owners(String domainXml) {
    List<String> owners = new ArrayList<>();
    if (domainXml == null || domainXml.isBlank()) {
      return owners;
    }
    try {
      Element root = DomainInterfaces.newSafeBuilder().parse(new InputSource(new StringReader(domainXml)))
          .getDocumentElement();
      for (Node metadata = root.getFirstChild(); metadata != null; metadata = metadata.getNextSibling()) {
        if (metadata instanceof Element m && "metadata".equals(m.getLocalName())) {
          NodeList tags = m.getElementsByTagNameNS(DomainOwnerTag.NAMESPACE_URI, DomainOwnerTag.ELEMENT);
          for (int i = 0; i < tags.getLength(); i++) {
            owners.add(tags.item(i).getTextContent().strip());
          }
        }
      }
    } catch (SAXException | IOException | ParserConfigurationException e) {
      // unreadable XML carries no owner: the check below refuses it
    }
    return owners;
  }

  /**
   * @throws PathResolutionException ({@link DomainOwnerTag#NOT_OWNED}) when {@code required} is set and the domain
   *     does not carry it; the message does not say which owner it carries instead
   */
  static void require(String domain, String domainXml, String required) throws PathResolutionException {
    if (required == null || required.isBlank() || owners(domainXml).contains(required)) {
      return;
    }
    throw new PathResolutionException(DomainOwnerTag.NOT_OWNED, "domain '" + domain + "' does not carry owner '"
        + required + "' in its libvirt <metadata> (<owner xmlns=\"" + DomainOwnerTag.NAMESPACE_URI + "\">" + required
        + "</owner>), which the DiagnosisPolicy grant of this namespace requires: nothing was captured");
  }
}
