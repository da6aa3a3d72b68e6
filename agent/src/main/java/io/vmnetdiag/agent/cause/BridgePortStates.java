package io.vmnetdiag.agent.cause;

import io.vmnetdiag.api.v1alpha1.BridgePortState;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The STP port state of the path's bridge ports (the uplink and the VM's tap), read from the kernel in each hop's
 * namespace and set on the hop ({@code portState}): a port that is not forwarding passes no frame either way. A
 * device that is no port of the path's bridge (a tap taken off it) gets none.
 */
public final class BridgePortStates {
  /** Reads the bridge ports of the calling thread's namespace. */
  public interface Source {
    /** The device's index, 0 if there is none (the dump reports ports, not their bridges). */
    int ifindex(String device);

    List<BridgeLinks.Link> dump();
  }

  private final Source source;

  public BridgePortStates(Source source) {
    this.source = source;
  }

  public static BridgePortStates rtnetlink() {
    return new BridgePortStates(new Source() {
      @Override
      public int ifindex(String device) {
        return QdiscCounters.ifindex(device);
      }

      @Override
      public List<BridgeLinks.Link> dump() {
        return BridgeLinks.dump();
      }
    });
  }

  /** Sets the port state of the uplink and tap hops that are ports of the path's bridge. Never throws. */
  public void read(List<Hop> hops) {
    Optional<Hop> bridge = hops.stream().filter(hop -> hop != null && hop.getRole() == HopRole.Bridge
        && hop.getInterfaceName() != null).findFirst();
    if (bridge.isEmpty()) {
      return;
    }
    Map<String, List<Hop>> ports = new LinkedHashMap<>();
    for (Hop hop : hops) {
      if (hop != null && (hop.getRole() == HopRole.Uplink || hop.getRole() == HopRole.Tap)
          && hop.getInterfaceName() != null) {
        ports.computeIfAbsent(namespace(hop), key -> new ArrayList<>()).add(hop);
      }
    }
    // A bridge and its ports share a namespace: the bridge is looked up in each port's own.
    String bridgeName = bridge.get().getInterfaceName();
    ports.forEach((namespace, here) -> InNamespace.read(namespace, "bridge port states",
            () -> new Ports(source.ifindex(bridgeName), source.dump()))
        .ifPresent(read -> set(read, here)));
  }

  private record Ports(int bridgeIndex, List<BridgeLinks.Link> links) {
  }

  private static void set(Ports read, List<Hop> hops) {
    if (read.bridgeIndex() == 0) {
      return;
    }
    for (Hop hop : hops) {
      read.links().stream().filter(link -> Objects.equals(hop.getInterfaceName(), link.name())
              && link.master() == read.bridgeIndex())
          .findFirst().flatMap(link -> BridgePortState.fromKernel(link.portState())).ifPresent(hop::setPortState);
    }
  }

  private static String namespace(Hop hop) {
    return hop.getNetworkNamespace() == null ? "" : hop.getNetworkNamespace();
  }
}
