package io.vmnetdiag.agent.path;

/** What the agent needs from libvirt about one domain; tests stand a fake in for libvirt here. */
public interface LibvirtGateway {
  /**
   * Reads the domain's XML and the devices of all running domains on the connection.
   *
   * @param uri the libvirt URI, e.g. {@code qemu:///system}
   * @param domainName the domain to look up by name
   * @param askGuestAgent also ask the domain's guest agent for its addresses (needs a read-write connection)
   * @throws PathResolutionException DomainNotFound or LibvirtUnavailable
   */
  DomainFacts inspect(String uri, String domainName, boolean askGuestAgent) throws PathResolutionException;
}
