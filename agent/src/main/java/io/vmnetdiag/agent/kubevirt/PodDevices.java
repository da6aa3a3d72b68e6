package io.vmnetdiag.agent.kubevirt;

import io.vmnetdiag.agent.cause.NetLinks;
import java.util.List;
import java.util.Optional;

/** The devices of one network namespace (the virt-launcher pod's or the node's), with its default route's device. */
record PodDevices(List<NetLinks.Link> links, Optional<Integer> defaultRouteDevice) {
  static PodDevices read() {
    return new PodDevices(NetLinks.dump(), NetLinks.defaultRouteDevice());
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
