package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds a libvirt VM's network path on this node: uplink, bridge and the VM's backend device, plus its address. */
public final class PathResolver {
  /** The URI used when the request names none: the node's system QEMU driver. */
  public static final String DEFAULT_URI = "qemu:///system";

  private static final Logger LOG = LoggerFactory.getLogger(PathResolver.class);
  private static final Pattern INTERFACE = Pattern.compile(LibvirtTarget.INTERFACE_PATTERN);

  private final LibvirtGateway libvirt;
  private final HostNetwork host;
  private final VmAddressFinder addresses;
  private final NeighbourTable neighbours;

  /** Reads the real node: libvirt through libvirt-java, {@code /sys/class/net} and {@code /proc/net/arp}. */
  public PathResolver() {
    this(new LibvirtJavaGateway(), new HostNetwork(), new NeighbourTable());
  }

  /**
   * One snapshot of the guest's own view through its guest agent; absent with the reason under libvirt's test
   * driver (it makes its answers up) or without an agent. Never throws: the diagnosis runs without it.
   */
  public GuestView readGuest(CaptureRequest request) {
    String uri = request.getUri() == null || request.getUri().isBlank() ? DEFAULT_URI : request.getUri();
    if (!VmAddressFinder.trustsGuestAgent(uri)) {
      return GuestView.absent(GuestView.TEST_DRIVER, "libvirt's test driver (" + uri + ") has no real guest agent");
    }
    try {
      return libvirt.guestInterfaces(uri, request.getDomain());
    } catch (RuntimeException e) {
      LOG.info("guest agent of '{}' not read: {}", request.getDomain(), e.toString());
      return GuestView.absent(GuestView.AGENT_NOT_ANSWERING, e.toString());
    }
  }

  /** The domain's facts; a missing domain's error names the node's other domains only when the request allows it. */
  private DomainFacts inspect(CaptureRequest request, String uri, String domainName, boolean askGuestAgent)
      throws PathResolutionException {
    try {
      return libvirt.inspect(uri, domainName, askGuestAgent);
    } catch (PathResolutionException e) {
      if (AgentFailure.DOMAIN_NOT_FOUND.equals(e.failure().getReason()) && !request.isListKnownDomains()) {
        throw new PathResolutionException(AgentFailure.DOMAIN_NOT_FOUND, "libvirt on node " + request.getNode()
            + " has no domain named '" + domainName + "' (other domains of the node are not listed)");
      }
      throw e;
    }
  }

  public PathResolver(LibvirtGateway libvirt, HostNetwork host, NeighbourTable neighbours) {
    this.libvirt = libvirt;
    this.host = host;
    this.addresses = new VmAddressFinder(neighbours);
    this.neighbours = neighbours;
  }

  /**
   * Resolves the path of the VM the request names.
   *
   * @throws PathResolutionException with a reason from {@link AgentFailure}: BadRequest, DomainNotFound,
   *     LibvirtUnavailable, DomainNotRunning, DomainPaused, NoNetworkInterface, InterfaceNotFound,
   *     InterfaceAmbiguous, InterfaceTypeNotSupported or PathUnresolved
   */
  public ResolvedPath resolve(CaptureRequest request) throws PathResolutionException {
    String domainName = request.getDomain();
    if (domainName == null || domainName.isBlank()) {
      throw new PathResolutionException(AgentFailure.BAD_REQUEST, "the request names no libvirt domain");
    }
    String requestedNic = request.getInterfaceName() == null || request.getInterfaceName().isBlank()
        ? null : request.getInterfaceName().trim();
    if (requestedNic != null && !INTERFACE.matcher(requestedNic).matches()) {
      throw new PathResolutionException(AgentFailure.BAD_REQUEST, "the request's interface '" + requestedNic
          + "' is neither a MAC address nor a device name");
    }
    String uri = request.getUri() == null || request.getUri().isBlank() ? DEFAULT_URI : request.getUri();
    Optional<VmAddress> requestedAddress = VmAddressFinder.fromRequest(request.getAddress());
    boolean trustsAgent = VmAddressFinder.trustsGuestAgent(uri);
    boolean askGuestAgent = requestedAddress.isEmpty() && trustsAgent;

    // The owner tag first, before the guest agent is asked or anything captured: a domain the grant does not cover
    // stays unseen (the XML is read twice then, once without the guest agent).
    boolean ownerRequired = request.getRequiredOwner() != null && !request.getRequiredOwner().isBlank();
    DomainFacts first = inspect(request, uri, domainName, askGuestAgent && !ownerRequired);
    DomainOwner.require(domainName, first.domainXml(), request.getRequiredOwner());
    DomainFacts facts = askGuestAgent && ownerRequired ? inspect(request, uri, domainName, true) : first;
    DomainInterfaces interfaces = DomainInterfaces.parse(facts.domainXml());
    if (interfaces.problem().isPresent()) {
      throw unresolved("cannot read domain '" + domainName + "': " + interfaces.problem().get());
    }
    checkRunning(domainName, facts.state());
    String address = requestedAddress.map(VmAddress::address).orElse(null);
    Map<String, List<String>> guestAddresses = facts.guestAddressesByMac();
    if (requestedNic == null && interfaces.all().size() > 1 && address != null && trustsAgent) {
      // Several NICs, none named: the guest agent may tell which one holds the requested address.
      guestAddresses = libvirt.guestAddresses(uri, domainName);
    }
    Map<String, List<String>> agentView = guestAddresses;
    InterfaceChooser.Choice choice = InterfaceChooser.choose(domainName, interfaces.all(), requestedNic, address,
        nic -> holderOf(nic, address, trustsAgent ? agentView : Map.of()));
    DomainInterface nic = choice.nic();
    String bridge = bridgeOf(domainName, nic, facts);
    String tap = nic.targetDev();
    if (tap == null) {
      throw unresolved("interface " + nic.describe() + " of domain '" + domainName
          + "' has no target device in the XML: is the domain running?");
    }
    checkOnNode(domainName, nic, bridge, tap);
    String uplink = uplink(bridge, tap, facts, interfaces);

    VmAddress vmAddress = requestedAddress.orElseGet(() -> addresses.find(nic.mac(), uri, facts));
    if (nic.linkDown()) {
      // Invisible on the node (the tap stays up): only the guest loses carrier. The path carries it.
      LOG.warn("{}: libvirt holds the link of {} down (<link state='down'/>)", label(request), nic.describe());
    }
    LOG.info("{}: domain {} resolved to {} -> {} -> {}, address {} ({}); NIC {}",
        label(request), domainName, uplink, bridge, tap, vmAddress.address(), vmAddress.source(), choice.selection());
    ResolvedPath path = path(request.getNode(), domainName, nic.mac(), vmAddress, uplink, bridge, tap);
    path.setLinkState(nic.effectiveLinkState());
    path.setInterfaceSelection(choice.selection());
    path.setVlanTags(nic.vlanTags().isEmpty() ? null : new ArrayList<>(nic.vlanTags()));
    path.setBandwidthLimits(nic.bandwidth());
    for (Hop hop : path.getHops()) {
      if (hop.getRole() != HopRole.Tap) {
        host.macOf(hop.getInterfaceName()).ifPresent(hop::setMac);
      }
    }
    return path;
  }

  /** A domain that does not run has no devices to capture on; a paused one answers nothing. */
  private static void checkRunning(String domainName, String state) throws PathResolutionException {
    switch (state == null ? "no state" : state) {
      case DomainFacts.RUNNING, "blocked", "no state" -> {
      }
      case "paused" -> throw new PathResolutionException(AgentFailure.DOMAIN_PAUSED,
          "domain '" + domainName + "' is paused: its guest runs no code, so nothing sent to it can be answered;"
              + " resume it (virsh resume " + domainName + ") and diagnose again");
      case "pmsuspended" -> throw new PathResolutionException(AgentFailure.DOMAIN_PAUSED,
          "domain '" + domainName + "' is suspended by the guest's power management; wake it (virsh dompmwakeup "
              + domainName + ") and diagnose again");
      default -> throw new PathResolutionException(AgentFailure.DOMAIN_NOT_RUNNING,
          "domain '" + domainName + "' is " + state + ", not running: its NICs have no devices on the node;"
              + " start it (virsh start " + domainName + ") and diagnose again");
    }
  }

  /** Where this NIC is known to hold the address: the guest agent's view of it, else the neighbour table. */
  private Optional<String> holderOf(DomainInterface nic, String address, Map<String, List<String>> guestAddresses) {
    Optional<InetAddress> wanted = address == null ? Optional.empty() : IpLiteral.parse(address);
    if (nic.mac() == null || wanted.isEmpty()) {
      return Optional.empty();
    }
    for (String held : guestAddresses.getOrDefault(nic.mac(), List.of())) {
      if (IpLiteral.parse(held).equals(wanted)) {
        return Optional.of("guest agent");
      }
    }
    for (NeighbourTable.Entry entry : neighbours.read()) {
      if (entry.complete() && entry.mac().equals(nic.mac()) && IpLiteral.parse(entry.address()).equals(wanted)) {
        return Optional.of("neighbour table");
      }
    }
    return Optional.empty();
  }

  /** The Linux bridge the NIC's backend device is plugged into; other NIC types are refused by name. */
  private static String bridgeOf(String domainName, DomainInterface nic, DomainFacts facts)
      throws PathResolutionException {
    String type = nic.type() == null ? "unknown" : nic.type();
    switch (type) {
      case "bridge" -> {
        if (nic.sourceBridge() == null) {
          throw unresolved("interface " + nic.describe() + " of domain '" + domainName + "' names no <source bridge>");
        }
        return nic.sourceBridge();
      }
      case "network" -> {
        if (nic.sourceBridge() != null) {
          return nic.sourceBridge(); // the running domain's XML names the network's bridge
        }
        DomainFacts.LibvirtNetwork network = facts.networks().get(nic.sourceNetwork());
        if (network == null) {
          throw unresolved("interface " + nic.describe() + " of domain '" + domainName + "' is on libvirt network '"
              + nic.sourceNetwork() + "', which libvirt does not know");
        }
        if (network.bridge() == null) {
          throw new PathResolutionException(AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED,
              "interface " + nic.describe() + " of domain '" + domainName + "' is on libvirt network '"
                  + network.name() + "' (forward mode " + (network.forwardMode() == null ? "none" : network.forwardMode())
                  + "), which plugs its NICs into no Linux bridge (a macvtap or SR-IOV pool): not supported; "
                  + SUPPORTED);
        }
        return network.bridge();
      }
      default -> throw new PathResolutionException(AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED,
          "interface " + nic.describe() + " of domain '" + domainName + "' is " + typeName(type)
              + ": not supported; " + SUPPORTED);
    }
  }

  private static final String SUPPORTED = "the agent traces NICs on a Linux bridge (type bridge, or type network"
      + " with a bridge), whose backend device it captures on the node";

  private static String typeName(String type) {
    return switch (type) {
      case "direct" -> "macvtap (type 'direct')";
      case "hostdev" -> "SR-IOV / PCI passthrough (type 'hostdev')";
      case "vhostuser" -> "vhost-user (type 'vhostuser')";
      case "vdpa" -> "vDPA (type 'vdpa')";
      default -> "of type '" + type + "'";
    };
  }

  private void checkOnNode(String domainName, DomainInterface nic, String bridge, String tap)
      throws PathResolutionException {
    if (!host.exists(bridge)) {
      throw unresolved("bridge '" + bridge + "' of " + nic.describe() + " does not exist on this node");
    }
    if (!host.isBridge(bridge)) {
      throw unresolved("'" + bridge + "' of " + nic.describe()
          + " is not a Linux bridge (Open vSwitch bridges are not supported)");
    }
    if (!host.exists(tap)) {
      throw unresolved("the VM device '" + tap + "' of domain '" + domainName
          + "' does not exist on this node: is the domain running here?");
    }
    if (!host.bridgePorts(bridge).contains(tap)) {
      // Not fatal: a detached tap is itself a fault the per-hop capture will show.
      LOG.warn("VM device {} is not a port of bridge {} (ports: {})", tap, bridge, host.bridgePorts(bridge));
    }
  }

  private String uplink(String bridge, String tap, DomainFacts facts, DomainInterfaces interfaces)
      throws PathResolutionException {
    Set<String> vmDevices = new HashSet<>(facts.vmDevices());
    vmDevices.addAll(interfaces.targetDevs());
    vmDevices.add(tap);
    List<String> ports = host.bridgePorts(bridge);
    return host.uplinkOf(bridge, vmDevices).orElseThrow(() -> unresolved(ports.isEmpty()
        ? "bridge '" + bridge + "' has no ports, so no uplink"
        : "bridge '" + bridge + "' has no uplink: all its ports " + ports
            + " are VM devices (tun/tap or a running domain's target device)"));
  }

  private static ResolvedPath path(String node, String domain, String mac, VmAddress address,
      String uplink, String bridge, String tap) {
    ResolvedPath path = new ResolvedPath();
    path.setNode(node);
    path.setDomain(domain);
    path.setVmMac(mac);
    path.setVmAddress(address.address());
    path.setAddressSource(address.source());
    // Mutable: the agent may append the Guest hop.
    path.setHops(new ArrayList<>(List.of(
        new Hop(HopRole.Uplink, uplink), new Hop(HopRole.Bridge, bridge), new Hop(HopRole.Tap, tap))));
    return path;
  }

  private static PathResolutionException unresolved(String message) {
    return new PathResolutionException(AgentFailure.PATH_UNRESOLVED, message);
  }

  private static String label(CaptureRequest request) {
    return "NetworkDiagnosis " + (request.getDiagnosis() == null ? "?" : request.getDiagnosis());
  }
}
