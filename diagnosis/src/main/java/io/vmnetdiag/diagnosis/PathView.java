package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.CaptureStats;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.TrafficCounts;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/** The hop observations of one diagnosis, found by role and walked along the path. */
final class PathView {

  /** Two consecutive captured hops; packets seen at {@code from} and not at {@code to} vanished between them. */
  record Segment(HopObservation from, HopObservation to) {
    String location() {
      return role(from) + "->" + role(to);
    }

    String describe() {
      return "between " + label(from) + " and " + label(to);
    }
  }

  private final String vmAddress;
  private final boolean addressObserved;
  private final Map<HopRole, HopObservation> observed;
  private final Set<HopRole> planned;
  private final GuestView guestView;
  private final String vmMac;
  private final ResolvedPath path;

  private PathView(String vmAddress, boolean addressObserved, Map<HopRole, HopObservation> observed,
      Set<HopRole> planned, GuestView guestView, String vmMac, ResolvedPath path) {
    this.vmAddress = vmAddress;
    this.addressObserved = addressObserved;
    this.observed = observed;
    this.planned = planned;
    this.guestView = guestView;
    this.vmMac = vmMac;
    this.path = path;
  }

  /** True when libvirt holds the VM's link down ({@code <link state='down'/>}), as the resolved path says. */
  boolean linkHeldDown() {
    return path != null && "down".equals(path.getLinkState());
  }

  /** The libvirt domain, when the path names it. */
  Optional<String> domain() {
    return path == null ? Optional.empty() : Optional.ofNullable(blankToNull(path.getDomain()));
  }

  /** The planned hops of the resolved path (with what resolution read about them: port states), outside in. */
  List<Hop> plannedHops() {
    return path == null || path.getHops() == null ? List.of()
        : path.getHops().stream().filter(hop -> hop != null && hop.getRole() != null).toList();
  }

  /** The guest agent's view as the agent reported it (with or without interfaces), if it reported one. */
  Optional<GuestView> guestView() {
    return Optional.ofNullable(guestView);
  }

  /** The guest's own view of the traced NIC (the one whose MAC is the path's), when its agent reported it. */
  Optional<GuestInterface> guestNic() {
    return guestView == null || guestView.getInterfaces() == null ? Optional.empty()
        : guestView.getInterfaces().stream().filter(nic -> nic != null && vmMac != null
            && vmMac.equalsIgnoreCase(nic.getMac())).findFirst();
  }

  /** Null-safe view: missing fields become empty so the rules never see nulls; the inputs are not modified. */
  static PathView of(ResolvedPath path, List<HopObservation> hops) {
    Map<HopRole, String> plannedNames = new EnumMap<>(HopRole.class);
    if (path != null && path.getHops() != null) {
      for (Hop hop : path.getHops()) {
        if (hop != null && hop.getRole() != null) {
          plannedNames.putIfAbsent(hop.getRole(), hop.getInterfaceName());
        }
      }
    }
    Map<HopRole, HopObservation> observed = new EnumMap<>(HopRole.class);
    for (HopObservation hop : hops == null ? List.<HopObservation>of() : hops) {
      if (hop != null && hop.getRole() != null && !observed.containsKey(hop.getRole())) {
        observed.put(hop.getRole(), normalized(hop, plannedNames.get(hop.getRole())));
      }
    }
    Set<HopRole> planned = plannedNames.isEmpty() ? EnumSet.noneOf(HopRole.class) : EnumSet.copyOf(plannedNames.keySet());
    return new PathView(path == null ? null : canonical(blankToNull(path.getVmAddress())),
        path != null && path.getAddressSource() == AddressSource.Observed, observed, planned,
        path == null ? null : path.getGuest(), path == null ? null : path.getVmMac(), path);
  }

  /** The VM's IP address, or null when it was not learned. */
  String vmAddress() {
    return vmAddress;
  }

  /** True when the VM's address was learned from its own frames rather than given or looked up. */
  boolean addressObserved() {
    return addressObserved;
  }

  /** The VM as a summary names it. */
  String vmName() {
    return vmAddress == null ? "the VM" : vmAddress;
  }

  /** The observation for a role, captured or failed. */
  Optional<HopObservation> observed(HopRole role) {
    return Optional.ofNullable(observed.get(role));
  }

  /** The observation for a role, only if its capture worked. */
  Optional<HopObservation> usable(HopRole role) {
    return observed(role).filter(hop -> hop.getFailure() == null);
  }

  boolean planned(HopRole role) {
    return planned.contains(role);
  }

  /**
   * Where traffic for the VM enters this node's path: the uplink; on a path that has no uplink at all
   * (a host-only or routed bridge) the bridge, where traffic from the host itself appears.
   */
  Optional<HopObservation> edge() {
    if (observed.containsKey(HopRole.Uplink) || planned(HopRole.Uplink)) {
      return usable(HopRole.Uplink);
    }
    return usable(HopRole.Bridge);
  }

  /** The VM's tap device; the engine only asks after the capture gate has made sure it was captured. */
  HopObservation tap() {
    return usable(HopRole.Tap).orElseThrow();
  }

  /**
   * Where the VM's own frames carry the path's address: the tap, or behind a NAT (KubeVirt masquerade) the
   * translating hop, the pod's interface; empty when that was not captured (the tap shows the guest's own address).
   */
  Optional<HopObservation> addressed() {
    if (path != null && path.getAddressTranslatedAt() != null) {
      return usable(HopRole.PodInterface);
    }
    return Optional.of(tap());
  }

  /** The usable guest-side capture, if one was made. */
  Optional<HopObservation> guest() {
    return usable(HopRole.Guest);
  }

  /** Captured hops from the edge in to the tap (the way packets for the VM travel). */
  List<HopObservation> inward() {
    List<HopObservation> walk = new ArrayList<>();
    HopObservation edge = edge().orElseThrow();
    walk.add(edge);
    // the roles are declared outside in: every captured hop between the edge and the tap, in order (a node
    // bridge, and a KubeVirt pod's veth, interface and bridge)
    for (HopRole between : HopRole.values()) {
      if (between.ordinal() > edge.getRole().ordinal() && between.ordinal() < HopRole.Tap.ordinal()) {
        usable(between).ifPresent(walk::add);
      }
    }
    walk.add(tap());
    return walk;
  }

  /** Captured hops from the guest (if captured) out to the edge (the way the VM's answers travel). */
  List<HopObservation> outward() {
    List<HopObservation> walk = new ArrayList<>();
    guest().ifPresent(walk::add);
    List<HopObservation> in = inward();
    for (int i = in.size() - 1; i >= 0; i--) {
      walk.add(in.get(i));
    }
    return walk;
  }

  /**
   * The VM's packets of these kinds at a hop that are bound past the edge. Behind an uplink, what the VM addresses to
   * the node itself (answers to its probes and local peers) ends at the bridge and never crosses the uplink; where the
   * bridge is the edge, the node's MAC is the VM's way out (its gateway), so everything counts.
   */
  ToLongFunction<HopObservation> leaving(Set<PacketKind> kinds) {
    // A KubeVirt pod's traffic is routed by the node: the node's MAC is every frame's next hop, so nothing ends there.
    boolean behindUplink = edge().map(hop -> hop.getRole() == HopRole.Uplink).orElse(false)
        && !planned(HopRole.PodVeth);
    return hop -> Math.max(0, Conversation.sum(hop.getFromVm(), kinds)
        - (behindUplink ? Conversation.sum(hop.getFromVmToNode(), kinds) : 0));
  }

  /** Every captured hop, outside in. */
  List<HopObservation> usableHops() {
    return observed.values().stream().filter(hop -> hop.getFailure() == null).toList();
  }

  /** Every hop that reported, failed ones included, outside in. */
  List<HopObservation> reportedHops() {
    return List.copyOf(observed.values());
  }

  /** The first segment of a walk where a count that was positive drops to zero. */
  static Optional<Segment> firstVanishing(List<HopObservation> walk, ToLongFunction<HopObservation> count) {
    for (int i = 0; i + 1 < walk.size(); i++) {
      if (count.applyAsLong(walk.get(i)) > 0 && count.applyAsLong(walk.get(i + 1)) == 0) {
        return Optional.of(new Segment(walk.get(i), walk.get(i + 1)));
      }
    }
    return Optional.empty();
  }

  /** "uplink", "bridge", "podinterface", "tap" or "guest": the words locations are made of. */
  static String role(HopObservation hop) {
    return HopRole.word(hop.getRole());
  }

  /** A hop as people name it: role and interface, e.g. "tap vnet3". */
  static String label(HopObservation hop) {
    return HopRole.label(hop.getRole(), hop.getInterfaceName());
  }

  private static HopObservation normalized(HopObservation hop, String plannedName) {
    String name = blankToNull(hop.getInterfaceName());
    if (name == null) {
      name = blankToNull(plannedName);
    }
    HopObservation copy = new HopObservation(hop.getRole(),
        name != null ? name : HopRole.word(hop.getRole()));
    copy.setToVm(hop.getToVm() != null ? hop.getToVm() : new TrafficCounts());
    copy.setFromVm(hop.getFromVm() != null ? hop.getFromVm() : new TrafficCounts());
    copy.setFromVmToNode(hop.getFromVmToNode() != null ? hop.getFromVmToNode() : new TrafficCounts());
    copy.setCapture(hop.getCapture() != null ? hop.getCapture() : new CaptureStats());
    copy.setSamples(hop.getSamples() != null ? List.copyOf(hop.getSamples().stream()
        .filter(sample -> sample != null && sample.getDirection() != null && sample.getKind() != null).toList())
        : List.of());
    copy.setNeighborLookups(hop.getNeighborLookups() != null ? List.copyOf(hop.getNeighborLookups().stream()
        .filter(lookup -> lookup != null && lookup.getAddress() != null).toList()) : List.of());
    copy.setVlans(hop.getVlans() != null ? List.copyOf(hop.getVlans().stream()
        .filter(vlan -> vlan != null).toList()) : List.of());
    copy.setVmSourceAddresses(hop.getVmSourceAddresses() != null ? List.copyOf(hop.getVmSourceAddresses().stream()
        .filter(address -> address != null).map(PathView::canonical).toList()) : List.of());
    copy.setFirewallRules(hop.getFirewallRules() != null ? List.copyOf(hop.getFirewallRules().stream()
        .filter(rule -> rule != null).toList()) : List.of());
    copy.setQdiscDrops(hop.getQdiscDrops() != null ? List.copyOf(hop.getQdiscDrops().stream()
        .filter(qdisc -> qdisc != null).toList()) : List.of());
    copy.setDropReasons(hop.getDropReasons() != null ? List.copyOf(hop.getDropReasons().stream()
        .filter(count -> count != null && count.getReason() != null).toList()) : List.of());
    copy.setFailure(blankToNull(hop.getFailure()));
    return copy;
  }

  // Samples print IPv6 the way tcpdump does (RFC 5952); a path may spell the address otherwise.
  private static String canonical(String address) {
    return address == null ? null
        : IpLiteral.parse(address).map(parsed -> IpLiteral.format(parsed.getAddress())).orElse(address);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
