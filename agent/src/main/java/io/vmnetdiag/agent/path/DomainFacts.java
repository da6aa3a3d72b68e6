package io.vmnetdiag.agent.path;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What libvirt told us about a domain.
 *
 * @param domainXml the domain's live XML
 * @param state the domain's state in virsh's words: running, blocked, paused, pmsuspended, shutting down, shut off,
 *     crashed or no state
 * @param vmDevices the target devs of every running domain on the connection (this one included)
 * @param guestAddressesByMac the guest agent's addresses per NIC, keyed by lower-case MAC; empty when not asked
 *     or when the agent did not answer
 * @param networks the libvirt networks the domain's {@code <interface type='network'>} NICs name, by name; a
 *     network libvirt does not know is absent
 */
public record DomainFacts(String domainXml, String state, Set<String> vmDevices,
    Map<String, List<String>> guestAddressesByMac, Map<String, LibvirtNetwork> networks) {
  public static final String RUNNING = "running";

  public DomainFacts {
    vmDevices = Set.copyOf(vmDevices);
    guestAddressesByMac = Map.copyOf(guestAddressesByMac);
    networks = Map.copyOf(networks);
  }

  /** A running domain that uses no libvirt network. */
  public DomainFacts(String domainXml, Set<String> vmDevices, Map<String, List<String>> guestAddressesByMac) {
    this(domainXml, RUNNING, vmDevices, guestAddressesByMac, Map.of());
  }

  /**
   * A libvirt network as its XML describes it.
   *
   * @param name the network's name
   * @param bridge the Linux bridge its NICs are plugged into ({@code <bridge name>}), or null (macvtap or hostdev
   *     pools have none)
   * @param forwardMode {@code <forward mode>}: nat, route, open, bridge, private, vepa, passthrough, hostdev; null
   *     for an isolated network
   */
  public record LibvirtNetwork(String name, String bridge, String forwardMode) {
  }
}
