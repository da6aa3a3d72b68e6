package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds a libvirt VM's network path on this node: uplink, bridge and the VM's backend device, plus its address. */
public final class PathResolver {
  /** The URI used when the request names none: the node's system QEMU driver. */
  public static final String DEFAULT_URI = "qemu:///system";

  private static final Logger LOG = LoggerFactory.getLogger(PathResolver.class);

  private final LibvirtGateway libvirt;
  private final HostNetwork host;
  private final VmAddressFinder addresses;

  /** Reads the real node: libvirt through libvirt-java, {@code /sys/class/net} and {@code /proc/net/arp}. */
  public PathResolver() {
    this(new LibvirtJavaGateway(), new HostNetwork(), new NeighbourTable());
  }

  public PathResolver(LibvirtGateway libvirt, HostNetwork host, NeighbourTable neighbours) {
    this.libvirt = libvirt;
    this.host = host;
    this.addresses = new VmAddressFinder(neighbours);
  }

  /**
   * Resolves the path of the VM the request names.
   *
   * @throws PathResolutionException with reason BadRequest, DomainNotFound, LibvirtUnavailable or PathUnresolved
   */
  public ResolvedPath resolve(CaptureRequest request) throws PathResolutionException {
    String domainName = request.getDomain();
    if (domainName == null || domainName.isBlank()) {
      throw new PathResolutionException(AgentFailure.BAD_REQUEST, "the request names no libvirt domain");
    }
    String uri = request.getUri() == null || request.getUri().isBlank() ? DEFAULT_URI : request.getUri();
    Optional<VmAddress> requestedAddress = VmAddressFinder.fromRequest(request.getAddress());
    boolean askGuestAgent = requestedAddress.isEmpty() && VmAddressFinder.trustsGuestAgent(uri);

    DomainFacts facts = libvirt.inspect(uri, domainName, askGuestAgent);
    DomainInterfaces interfaces = DomainInterfaces.parse(facts.domainXml());
    if (interfaces.problem().isPresent()) {
      throw unresolved("cannot read domain '" + domainName + "': " + interfaces.problem().get());
    }
    DomainInterface nic = chooseInterface(domainName, interfaces);
    String bridge = nic.sourceBridge();
    String tap = nic.targetDev();
    checkOnNode(domainName, nic, bridge, tap);
    String uplink = uplink(bridge, tap, facts, interfaces);

    VmAddress address = requestedAddress.orElseGet(() -> addresses.find(nic.mac(), uri, facts));
    if (nic.linkDown()) {
      // Invisible on the node (the tap stays up): only the guest loses carrier. Worth a line in the log.
      LOG.warn("{}: libvirt holds the link of {} down (<link state='down'/>)", label(request), nic.describe());
    }
    LOG.info("{}: domain {} resolved to {} -> {} -> {}, address {} ({})",
        label(request), domainName, uplink, bridge, tap, address.address(), address.source());
    ResolvedPath path = path(request.getNode(), domainName, nic.mac(), address, uplink, bridge, tap);
    for (Hop hop : path.getHops()) {
      if (hop.getRole() != HopRole.Tap) {
        host.macOf(hop.getInterfaceName()).ifPresent(hop::setMac);
      }
    }
    return path;
  }

  private static DomainInterface chooseInterface(String domainName, DomainInterfaces interfaces)
      throws PathResolutionException {
    if (interfaces.all().isEmpty()) {
      throw unresolved("domain '" + domainName + "' has no network interface");
    }
    DomainInterface nic = interfaces.firstBridged().orElseThrow(() -> unresolved(
        "domain '" + domainName + "' has no interface on a Linux bridge (only bridge-backed interfaces, or"
            + " libvirt networks whose bridge the running domain's XML names, are supported); found: "
            + interfaces.all().stream().map(DomainInterface::describe).collect(Collectors.joining("; "))));
    if (nic.targetDev() == null) {
      throw unresolved("interface " + nic.describe() + " of domain '" + domainName
          + "' has no target device in the XML: is the domain running?");
    }
    return nic;
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
