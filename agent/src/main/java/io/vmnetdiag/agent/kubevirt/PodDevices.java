package io.vmnetdiag.agent.kubevirt;

import io.vmnetdiag.agent.cause.BridgeFdb;
import io.vmnetdiag.agent.cause.NetLinks;
import java.util.List;
import java.util.Optional;

/**
 * The devices of one network namespace (the virt-launcher pod's or the node's), with its default route's device and
 * its bridges' forwarding entries.
 */
record PodDevices(List<NetLinks.Link> links, Optional<Integer> defaultRouteDevice, List<BridgeFdb.Entry> fdb) {
  static PodDevices read() {
    return new PodDevices(NetLinks.dump(), NetLinks.defaultRouteDevice(), BridgeFdb.dump());
  }

  /** The bridge port {@code mac} was learned behind, when a bridge of the namespace learned it. */
  Optional<NetLinks.Link> portLearning(String mac) {
    return fdb.stream().filter(entry -> entry.mac().equalsIgnoreCase(mac)).map(BridgeFdb.Entry::port)
        .map(this::indexed).flatMap(Optional::stream).filter(link -> link.master() != 0).findFirst();
  }

  Optional<NetLinks.Link> named(String name) {
    return links.stream().filter(link -> name.equals(link.name())).findFirst();
  }

  Optional<NetLinks.Link> indexed(int ifindex) {
    return links.stream().filter(link -> link.ifindex() == ifindex).findFirst();
  }

  List<NetLinks.Link> portsOf(NetLinks.Link bridge) {
    return links.stream().filter(link -> link.master() == bridge.ifindex()).toList();
  }

  List<String> names() {
    return links.stream().map(NetLinks.Link::name).filter(name -> !"lo".equals(name)).toList();
  }
}
