package io.vmnetdiag.agent.path;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What libvirt told us about a domain.
 *
 * @param domainXml the domain's live XML
 * @param vmDevices the target devs of every running domain on the connection (this one included)
 * @param guestAddressesByMac the guest agent's addresses per NIC, keyed by lower-case MAC; empty when not asked
 *     or when the agent did not answer
 */
public record DomainFacts(String domainXml, Set<String> vmDevices, Map<String, List<String>> guestAddressesByMac) {
  public DomainFacts {
    vmDevices = Set.copyOf(vmDevices);
    guestAddressesByMac = Map.copyOf(guestAddressesByMac);
  }
}
