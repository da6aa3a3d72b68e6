package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Learns the VM's IP address: from the request, else the guest agent, else the node's neighbour table. */
final class VmAddressFinder {
  private final NeighbourTable neighbours;

  VmAddressFinder(NeighbourTable neighbours) {
    this.neighbours = neighbours;
  }

  /** The request's address, checked; empty when the request names none. */
  static Optional<VmAddress> fromRequest(String requested) throws PathResolutionException {
    if (requested == null || requested.isBlank()) {
      return Optional.empty();
    }
    if (IpLiteral.parse(requested).isEmpty()) {
      throw new PathResolutionException(AgentFailure.BAD_REQUEST,
          "the request's address '" + requested + "' is not an IPv4 or IPv6 address literal");
    }
    return Optional.of(new VmAddress(requested.trim(), AddressSource.Spec));
  }

  /**
   * Only a real hypervisor's guest agent is trusted: libvirt's test driver answers every
   * guest-agent query with made-up addresses.
   */
  static boolean trustsGuestAgent(String uri) {
    return !uri.toLowerCase(Locale.ROOT).startsWith("test:");
  }

  /** The address for the NIC with this MAC when the request named none. */
  VmAddress find(String mac, String uri, DomainFacts facts) {
    if (mac == null) {
      return VmAddress.UNKNOWN;
    }
    if (trustsGuestAgent(uri)) {
      Optional<String> fromAgent = preferred(facts.guestAddressesByMac().getOrDefault(mac, List.of()));
      if (fromAgent.isPresent()) {
        return new VmAddress(fromAgent.get(), AddressSource.GuestAgent);
      }
    }
    return neighbours.addressOf(mac)
        .map(address -> new VmAddress(address, AddressSource.NeighbourTable))
        .orElse(VmAddress.UNKNOWN);
  }

  /** The first usable IPv4 address (what the path's captures filter on most often), else the first usable IPv6. */
  static Optional<String> preferred(List<String> addresses) {
    Optional<String> ipv6 = Optional.empty();
    for (String text : addresses) {
      Optional<InetAddress> parsed = IpLiteral.parse(text);
      if (parsed.isEmpty() || !IpLiteral.isUsable(parsed.get())) {
        continue;
      }
      if (parsed.get() instanceof Inet4Address) {
        return Optional.of(text);
      }
      if (ipv6.isEmpty()) {
        ipv6 = Optional.of(text);
      }
    }
    return ipv6;
  }
}
