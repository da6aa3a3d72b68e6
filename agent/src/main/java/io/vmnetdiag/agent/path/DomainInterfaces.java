package io.vmnetdiag.agent.path;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** The network interfaces of a libvirt domain, parsed from its XML; never throws on bad input. */
public final class DomainInterfaces {
  /** The default handler prints "[Fatal Error]" to stderr; we report the problem ourselves instead. */
  private static final ErrorHandler SILENT_FAILING = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private final List<DomainInterface> interfaces;
  private final String problem;

  private DomainInterfaces(List<DomainInterface> interfaces, String problem) {
    this.interfaces = List.copyOf(interfaces);
    this.problem = problem;
  }

  /** Parses {@code virsh dumpxml}-style XML; on bad input the result is empty and {@link #problem()} says why. */
  public static DomainInterfaces parse(String domainXml) {
    if (domainXml == null || domainXml.isBlank()) {
      return failed("the domain XML is empty");
    }
    Document document;
    try {
      document = newSafeBuilder().parse(new InputSource(new StringReader(domainXml)));
    } catch (SAXParseException e) {
      return failed("the domain XML is not well-formed (line " + e.getLineNumber() + "): " + e.getMessage());
    } catch (SAXException | IOException e) {
      return failed("the domain XML is not well-formed: " + e.getMessage());
    } catch (ParserConfigurationException e) {
      return failed("no safe XML parser is available: " + e.getMessage());
    }
    Element root = document.getDocumentElement();
    if (!"domain".equals(root.getTagName())) {
      return failed("not a libvirt domain XML: the root element is <" + root.getTagName() + ">");
    }
    List<DomainInterface> found = new ArrayList<>();
    for (Element devices : children(root, "devices")) {
      for (Element element : children(devices, "interface")) {
        found.add(toInterface(element));
      }
    }
    return new DomainInterfaces(found, null);
  }

  /** All interfaces in document order. */
  public List<DomainInterface> all() {
    return interfaces;
  }

  /** Why the XML could not be read, if it could not. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** The backend device names of all interfaces, in document order. */
  public Set<String> targetDevs() {
    Set<String> devs = new LinkedHashSet<>();
    for (DomainInterface nic : interfaces) {
      if (nic.targetDev() != null) {
        devs.add(nic.targetDev());
      }
    }
    return devs;
  }

  private static DomainInterface toInterface(Element element) {
    String mac = attribute(element, "mac", "address");
    String linkState = attribute(element, "link", "state");
    return new DomainInterface(
        emptyToNull(element.getAttribute("type")),
        mac == null ? null : mac.toLowerCase(Locale.ROOT),
        attribute(element, "target", "dev"),
        attribute(element, "source", "bridge"),
        attribute(element, "source", "network"),
        attribute(element, "source", "dev"),
        attribute(element, "model", "type"),
        linkState == null ? null : linkState.toLowerCase(Locale.ROOT),
        vlanTags(element),
        bandwidth(element));
  }

  /** {@code <vlan><tag id='42'/>...</vlan>}: the tag ids that parse as numbers. */
  private static List<Integer> vlanTags(Element nic) {
    List<Integer> tags = new ArrayList<>();
    for (Element vlan : children(nic, "vlan")) {
      for (Element tag : children(vlan, "tag")) {
        try {
          tags.add(Integer.parseInt(tag.getAttribute("id").trim()));
        } catch (NumberFormatException e) {
          // not a tag we can report
        }
      }
    }
    return tags;
  }

  /** {@code <bandwidth>}: each direction's attributes in one line, such as {@code inbound average=1000}. */
  private static String bandwidth(Element nic) {
    List<String> parts = new ArrayList<>();
    for (Element bandwidth : children(nic, "bandwidth")) {
      for (String direction : List.of("inbound", "outbound")) {
        for (Element limit : children(bandwidth, direction)) {
          StringBuilder text = new StringBuilder(direction);
          for (String name : List.of("average", "peak", "burst", "floor", "pps")) {
            String value = emptyToNull(limit.getAttribute(name));
            if (value != null) {
              text.append(' ').append(name).append('=').append(value);
            }
          }
          parts.add(text.toString());
        }
      }
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  private static String attribute(Element parent, String child, String name) {
    List<Element> matches = children(parent, child);
    return matches.isEmpty() ? null : emptyToNull(matches.get(0).getAttribute(name));
  }

  static List<Element> children(Element parent, String tag) {
    List<Element> matches = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && tag.equals(element.getTagName())) {
        matches.add(element);
      }
    }
    return matches;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static DomainInterfaces failed(String problem) {
    return new DomainInterfaces(List.of(), problem);
  }

  /** The XML comes from libvirt, but a domain's XML is user-written: no DTDs, no external entities. */
  static DocumentBuilder newSafeBuilder() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true); // the owner tag in <metadata> is known by its XML namespace
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(SILENT_FAILING);
    return builder;
  }
}
