package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.v1alpha1.GuestView;
import java.util.List;
import java.util.Map;

/** What the agent needs from libvirt about one domain; tests stand a fake in for libvirt here. */
public interface LibvirtGateway {
  /**
   * Reads the domain's XML and state, the libvirt networks its NICs name and the devices of all running
   * domains on the connection.
   *
   * @param uri the libvirt URI, e.g. {@code qemu:///system}
   * @param domainName the domain to look up by name
   * @param askGuestAgent also ask the domain's guest agent for its addresses (needs a read-write connection;
   *     only asked while the domain runs)
   * @throws PathResolutionException DomainNotFound or LibvirtUnavailable
   */
  DomainFacts inspect(String uri, String domainName, boolean askGuestAgent) throws PathResolutionException;

  /**
   * The guest agent's addresses per NIC, keyed by lower-case MAC; empty when the agent does not answer.
   * Asked on its own when the NIC to trace must be told by its address.
   */
  default Map<String, List<String>> guestAddresses(String uri, String domainName) throws PathResolutionException {
    return inspect(uri, domainName, true).guestAddressesByMac();
  }

  /**
   * One snapshot of the guest's interfaces through its guest agent ({@code guest-network-get-interfaces}, with
   * counters in {@link io.vmnetdiag.api.v1alpha1.GuestInterface#getEnd()}); absent, with the reason, when there is no
   * agent or it does not answer. Never throws.
   */
  default GuestView guestInterfaces(String uri, String domainName) {
    return GuestView.absent(GuestView.NOT_ASKED, "this libvirt gateway does not ask guest agents");
  }
}
