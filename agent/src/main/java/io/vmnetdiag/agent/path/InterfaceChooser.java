package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.report.AgentFailure;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Chooses the NIC of a domain whose path is traced. Never guesses: a NIC the request names, the only NIC, or
 * the only NIC known to hold the requested address; otherwise the user is shown the NICs to pick from.
 */
final class InterfaceChooser {
  /**
   * The chosen NIC and why it was chosen, in words for the status.
   *
   * @param nic the NIC
   * @param selection why this one, e.g. "the domain's only NIC"
   */
  record Choice(DomainInterface nic, String selection) {
  }

  private InterfaceChooser() {
  }

  /**
   * @param domainName for messages
   * @param nics the domain's NICs in document order
   * @param requested the request's interface (a MAC or target dev), or null
   * @param address the request's address, or null
   * @param holder for a NIC, where it is known to hold {@code address} ("guest agent", "neighbour table"), or
   *     empty; asked only when needed
   * @throws PathResolutionException NoNetworkInterface, InterfaceNotFound, InterfaceAmbiguous, or
   *     InterfaceTypeNotSupported when none of several NICs is on a bridge
   */
  static Choice choose(String domainName, List<DomainInterface> nics, String requested, String address,
      Function<DomainInterface, Optional<String>> holder) throws PathResolutionException {
    if (nics.isEmpty()) {
      throw new PathResolutionException(AgentFailure.NO_NETWORK_INTERFACE,
          "domain '" + domainName + "' has no network interface");
    }
    if (requested != null && !requested.isBlank()) {
      List<DomainInterface> named = nics.stream().filter(nic -> nic.isNamedBy(requested)).toList();
      if (named.isEmpty()) {
        throw new PathResolutionException(AgentFailure.INTERFACE_NOT_FOUND,
            "domain '" + domainName + "' has no NIC with MAC or target device '" + requested.trim()
                + "'; its NICs: " + listed(nics));
      }
      DomainInterface nic = named.get(0);
      String by = requested.contains(":") ? "MAC " + nic.mac() : "target device " + nic.targetDev();
      return new Choice(nic, "the NIC spec.target.libvirt.interface names (" + by + "): " + nic.describe());
    }
    if (nics.size() > 1 && nics.stream().noneMatch(InterfaceChooser::bridgeKind)) {
      throw new PathResolutionException(AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED,
          "domain '" + domainName + "' has no NIC on a Linux bridge (type bridge or network), which the agent needs to"
              + " capture on the node; its NICs: " + listed(nics));
    }
    if (nics.size() == 1) {
      return new Choice(nics.get(0), "the domain's only NIC: " + nics.get(0).describe());
    }
    if (address == null || address.isBlank()) {
      throw new PathResolutionException(AgentFailure.INTERFACE_AMBIGUOUS,
          "domain '" + domainName + "' has " + nics.size() + " NICs and the diagnosis names none: set"
              + " spec.target.libvirt.interface to the MAC or target device of one of " + listed(nics));
    }
    DomainInterface holding = null;
    String source = null;
    int holders = 0;
    for (DomainInterface nic : nics) {
      Optional<String> known = holder.apply(nic);
      if (known.isPresent()) {
        holders++;
        holding = nic;
        source = known.get();
      }
    }
    if (holders == 1) {
      return new Choice(holding, "the only one of the domain's " + nics.size() + " NICs known to hold "
          + address.trim() + " (" + source + "): " + holding.describe());
    }
    throw new PathResolutionException(AgentFailure.INTERFACE_AMBIGUOUS,
        "domain '" + domainName + "' has " + nics.size() + " NICs and "
            + (holders == 0 ? "none is" : holders + " are") + " known to hold " + address.trim()
            + " (guest agent, neighbour table): set spec.target.libvirt.interface to the MAC or target device of one of "
            + listed(nics));
  }

  private static boolean bridgeKind(DomainInterface nic) {
    return "bridge".equals(nic.type()) || "network".equals(nic.type());
  }

  /** The NICs for a message: MAC, target dev and bridge (or network, or type) of each. */
  static String listed(List<DomainInterface> nics) {
    return nics.stream().map(DomainInterface::describe).collect(Collectors.joining("; "));
  }
}
