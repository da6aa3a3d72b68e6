package io.vmnetdiag.agent.kubevirt;

import io.vmnetdiag.agent.cause.InNamespace;
import io.vmnetdiag.agent.cause.NetLinks;
import io.vmnetdiag.agent.path.PathResolutionException;
import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a KubeVirt VM's path on this node: in the virt-launcher pod's namespace the binding's devices (bridge:
 * {@code eth0-nic -> k6t-eth0 -> tap0}; masquerade: {@code eth0 -> NAT -> k6t-eth0 -> tap0}), and on the node the
 * pod's veth (the peer of the pod's interface), the bridge the CNI put it on if any, and the uplink (the default
 * route's device). A node side routed to the veth (Calico, Cilium) has no bridge hop.
 */
public final class KubevirtPathResolver {
  public static final String BRIDGE = "bridge";
  public static final String MASQUERADE = "masquerade";
  private static final Logger LOG = LoggerFactory.getLogger(KubevirtPathResolver.class);

  private final LauncherNamespace launchers;
  /** The node's network namespace as a path; empty for the agent's own (the node's, with hostNetwork). */
  private final String nodeNamespace;

  public KubevirtPathResolver(LauncherNamespace launchers, String nodeNamespace) {
    this.launchers = launchers;
    this.nodeNamespace = nodeNamespace == null ? "" : nodeNamespace;
  }

  /** The node's processes, the agent's own namespace as the node's. */
  public static KubevirtPathResolver node() {
    return new KubevirtPathResolver(LauncherNamespace.node(), "");
  }

  /**
   * @throws PathResolutionException BadRequest, InterfaceTypeNotSupported (a binding other than bridge or
   *     masquerade), LauncherPodNotFound, PodInterfaceNotFound or PathUnresolved
   */
  public ResolvedPath resolve(CaptureRequest request) throws PathResolutionException {
    KubevirtCaptureTarget target = request.getKubevirt();
    if (target == null) {
      throw new PathResolutionException(AgentFailure.BAD_REQUEST, "the request names no KubeVirt VM");
    }
    String binding = target.getBinding() == null ? "unknown" : target.getBinding();
    if (!BRIDGE.equals(binding) && !MASQUERADE.equals(binding)) {
      throw new PathResolutionException(AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED, "interface '"
          + target.getInterfaceName() + "' of VMI " + target.getVmi() + " uses the " + binding
          + " binding: the agent traces the bridge and masquerade bindings, whose devices it captures in the"
          + " virt-launcher pod");
    }
    if (target.getMac() == null || target.getMac().isBlank()) {
      throw new PathResolutionException(AgentFailure.BAD_REQUEST, "the request gives no MAC for interface '"
          + target.getInterfaceName() + "' of VMI " + target.getVmi());
    }
    String launcherNamespace = launchers.find(target.getLauncherPodUid());
    PodDevices pod = read(launcherNamespace, "the virt-launcher pod's devices");
    KubevirtNames names = KubevirtNames.of(target.getPodInterfaceName());
    // KubeVirt's name first; else the port the pod's bridges learned the VM's MAC behind (a naming scheme not known)
    NetLinks.Link tap = pod.named(names.tap()).or(() -> pod.portLearning(target.getMac()))
        .orElseThrow(() -> missing(pod, names.tap(), " nor a bridge port behind which the VM's MAC " + target.getMac()
            + " was learned", target, launcherNamespace));
    NetLinks.Link podBridge = pod.named(names.bridge()).or(() -> pod.indexed(tap.master()).filter(NetLinks.Link::isBridge))
        .orElseThrow(() -> missing(pod, names.bridge(), "", target, launcherNamespace));
    NetLinks.Link podInterface = device(pod, MASQUERADE.equals(binding) ? names.podInterface() : names.bridgedNic(),
        target, launcherNamespace);
    if (tap.master() != podBridge.ifindex()) {
      // not fatal: a tap taken off its bridge is itself a fault the captures show
      LOG.warn("VMI {}: {} is not a port of {} in the virt-launcher pod", target.getVmi(), tap.name(), podBridge.name());
    }

    List<Hop> hops = new ArrayList<>();
    List<String> uncaptured = new ArrayList<>();
    nodeSide(podInterface, hops, uncaptured);
    hops.add(hop(HopRole.PodInterface, podInterface, launcherNamespace));
    hops.add(hop(HopRole.PodBridge, podBridge, launcherNamespace));
    Hop tapHop = new Hop(HopRole.Tap, tap.name());
    tapHop.setNetworkNamespace(launcherNamespace);
    hops.add(tapHop);

    ResolvedPath path = new ResolvedPath();
    path.setNode(request.getNode());
    path.setVmMac(target.getMac().toLowerCase(java.util.Locale.ROOT));
    Optional<String> address = address(request, target);
    path.setVmAddress(address.orElse(null));
    path.setAddressSource(address.isEmpty() ? AddressSource.Unknown : addressSource(request, target));
    path.setLinkState(target.getLinkState());
    path.setInterfaceSelection("VMI interface '" + target.getInterfaceName() + "' (" + binding + " binding, pod interface "
        + names.podInterface() + ") of virt-launcher pod " + target.getLauncherPod());
    path.setHops(hops);
    if (MASQUERADE.equals(binding)) {
      path.setAddressTranslatedAt(podInterface.name());
    }
    path.setUncapturedHops(uncaptured.isEmpty() ? null : uncaptured);
    LOG.info("VMI {}/{}: {} binding resolved to {}", target.getNamespace(), target.getVmi(), binding, hops);
    return path;
  }

  /** The node's side of the pod's veth: uplink, a bridge if the veth has a master, the veth. */
  private void nodeSide(NetLinks.Link podVeth, List<Hop> hops, List<String> uncaptured)
      throws PathResolutionException {
    if (podVeth.peer() == 0) {
      uncaptured.add("the node side: the pod's " + podVeth.name() + " is no veth (kind " + podVeth.kind()
          + "), so its peer on the node is unknown");
      return;
    }
    PodDevices node = read(nodeNamespace, "the node's devices");
    Optional<NetLinks.Link> hostVeth = node.indexed(podVeth.peer())
        .filter(link -> link.peer() == podVeth.ifindex() || link.peer() == 0);
    Optional<NetLinks.Link> bridge = hostVeth.filter(link -> link.master() != 0)
        .flatMap(link -> node.indexed(link.master())).filter(NetLinks.Link::isBridge);
    Optional<NetLinks.Link> uplink = node.defaultRouteDevice().flatMap(node::indexed)
        .flatMap(device -> device.isBridge() ? portUplink(node, device) : Optional.of(device));
    if (uplink.isPresent()) {
      hops.add(hop(HopRole.Uplink, uplink.get(), nodeNamespace));
    } else {
      uncaptured.add("uplink: the node has no IPv4 default route to name its uplink by");
    }
    bridge.ifPresent(found -> hops.add(hop(HopRole.Bridge, found, nodeNamespace)));
    if (hostVeth.isPresent()) {
      hops.add(hop(HopRole.PodVeth, hostVeth.get(), nodeNamespace));
    } else {
      uncaptured.add("the pod's veth on the node: no device of index " + podVeth.peer() + " (the peer of the pod's "
          + podVeth.name() + ") in the node's namespace");
    }
  }

  /** A default route through a bridge (a CNI bridge holding the NIC): its one port that is not a pod's veth. */
  private static Optional<NetLinks.Link> portUplink(PodDevices node, NetLinks.Link bridge) {
    List<NetLinks.Link> ports = node.portsOf(bridge).stream().filter(port -> !"veth".equals(port.kind())).toList();
    return ports.size() == 1 ? Optional.of(ports.get(0)) : Optional.empty();
  }

  private static NetLinks.Link device(PodDevices pod, String name, KubevirtCaptureTarget target, String namespace)
      throws PathResolutionException {
    return pod.named(name).orElseThrow(() -> missing(pod, name, "", target, namespace));
  }

  private static PathResolutionException missing(PodDevices pod, String name, String nor, KubevirtCaptureTarget target,
      String namespace) {
    return new PathResolutionException(AgentFailure.POD_INTERFACE_NOT_FOUND, "the virt-launcher pod "
        + target.getLauncherPod() + " (" + namespace + ") has no device '" + name + "'" + nor + ", which KubeVirt's "
        + target.getBinding() + " binding creates for interface '" + target.getInterfaceName() + "'; its devices are "
        + pod.names());
  }

  private static PodDevices read(String namespace, String what) throws PathResolutionException {
    try {
      return InNamespace.call(namespace, what, PodDevices::read);
    } catch (IllegalStateException e) {
      throw new PathResolutionException(AgentFailure.PATH_UNRESOLVED, "cannot read " + what
          + (namespace.isEmpty() ? "" : " in " + namespace) + ": " + e.getMessage());
    }
  }

  private static Hop hop(HopRole role, NetLinks.Link link, String namespace) {
    Hop hop = new Hop(role, link.name());
    hop.setMac(link.mac());
    hop.setNetworkNamespace(namespace.isEmpty() ? null : namespace);
    return hop;
  }

  /** The diagnosis' spec's, else where the operator found the VMI's (its status, its launcher pod). */
  private static AddressSource addressSource(CaptureRequest request, KubevirtCaptureTarget target) {
    if (request.getAddress() != null && !request.getAddress().isBlank()) {
      return AddressSource.Spec;
    }
    return target.getAddressSource() == null ? AddressSource.Spec : target.getAddressSource();
  }

  /** The address the request gives, else the VMI's first IPv4 one, else its first. */
  private static Optional<String> address(CaptureRequest request, KubevirtCaptureTarget target) {
    if (request.getAddress() != null && !request.getAddress().isBlank()) {
      return Optional.of(request.getAddress().trim());
    }
    List<String> addresses = target.getAddresses() == null ? List.of() : target.getAddresses();
    return addresses.stream().filter(a -> IpLiteral.parse(a).filter(Inet4Address.class::isInstance).isPresent())
        .findFirst().or(() -> addresses.stream().filter(a -> IpLiteral.parse(a).isPresent()).findFirst());
  }
}
