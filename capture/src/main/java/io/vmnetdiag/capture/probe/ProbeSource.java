package io.vmnetdiag.capture.probe;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.capture.filter.MacAddress;
import java.util.HexFormat;

/**
 * The node-side identity the probes are sent from: an interface, its MAC, and one of its own addresses
 * that the VM can answer on its link ({@code address}); a null address means none fits, so only
 * address-less neighbour probes (ARP probe, DAD solicitation) can be sent.
 */
public record ProbeSource(String interfaceName, byte[] mac, byte[] address, String why) {
  /** True when the VM can reply to us at layer 3, so echo requests and SYNs make sense. */
  public boolean canReceiveReplies() {
    return address != null;
  }

  /** For the report: "10.1.2.1 on br0 (02:..)" or "0.0.0.0 on br0 (02:..)". */
  public String describe(int family) {
    String text = address != null ? IpLiteral.format(address) : family == 16 ? "::" : "0.0.0.0";
    return text + " on " + interfaceName + " (" + new MacAddress(HexFormat.ofDelimiter(":").formatHex(mac)) + ")";
  }

  /**
   * Picks the source for probing {@code vmIp} from {@code bridge}'s own addresses. Only an address whose
   * prefix holds the VM's address is used: the VM answers it on the link, straight back to the bridge.
   * An address in another subnet would make the VM send its replies to its default gateway, an innocent
   * third party, so it is never used. For IPv6 the bridge's link-local address is on the VM's link too.
   *
   * <p>Without such an address only address-less probes remain (ARP probe, DAD solicitation). One caveat,
   * inherent to them: a VM that is itself checking its address for conflicts at that very moment (RFC 5227
   * at boot or DHCP renewal, IPv6 DAD of a tentative address, about a second) would take our probe for a
   * conflict. A VM idle enough to need probes is far past that phase, and its address came from a running
   * guest, the neighbour table or the spec, so the risk is accepted; a bridge address avoids it altogether.
   */
  public static ProbeSource choose(LocalInterface bridge, byte[] vmIp) {
    LocalInterface.Address fallback = null;
    for (LocalInterface.Address candidate : bridge.addresses()) {
      if (candidate.bytes().length != vmIp.length || java.util.Arrays.equals(candidate.bytes(), vmIp)) {
        continue;
      }
      if (candidate.covers(vmIp) && !candidate.isIpv6LinkLocal()) {
        return new ProbeSource(bridge.name(), bridge.mac(), candidate.bytes(), "the bridge's own address "
            + IpLiteral.format(candidate.bytes()) + "/" + candidate.prefixLength() + " holds the VM's address");
      }
      if (candidate.isIpv6LinkLocal() && fallback == null) {
        fallback = candidate;
      }
    }
    if (fallback != null) {
      return new ProbeSource(bridge.name(), bridge.mac(), fallback.bytes(), "the bridge has no address in the VM's"
          + " prefix; its link-local address " + IpLiteral.format(fallback.bytes()) + " shares the VM's link");
    }
    String family = vmIp.length == 4 ? "IPv4" : "IPv6";
    return new ProbeSource(bridge.name(), bridge.mac(), null, "the bridge " + bridge.name() + " has no " + family
        + " address in the VM's subnet, so nothing on the node could receive ICMP or TCP replies");
  }
}
