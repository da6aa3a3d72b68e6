package io.vmnetdiag.agent.probe;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.capture.probe.InterfaceReader;
import io.vmnetdiag.capture.probe.ProbeFailure;
import io.vmnetdiag.capture.probe.ProbeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the probes visible under a peer focus: probes come from the node's own bridge address, which a
 * user's peer list does not name, so the capture filter would drop their ICMP and TCP (ARP always passes).
 */
public final class ProbeFocus {
  private final InterfaceReader interfaces;

  public ProbeFocus(InterfaceReader interfaces) {
    this.interfaces = interfaces;
  }

  /** The peers to capture: the user's, plus the probe source when probes may be sent from an address. */
  public List<String> peers(List<String> requested, String probeMode, ResolvedPath path) {
    List<String> peers = requested == null ? List.of() : requested;
    if (peers.isEmpty() || ProbeMode.Never.name().equals(probeMode) || path.getVmAddress() == null) {
      return peers;
    }
    Optional<Hop> bridge = path.getHops().stream()
        .filter(hop -> hop != null && hop.getRole() == HopRole.Bridge && hop.getNetworkNamespace() == null)
        .findFirst();
    Optional<byte[]> vmIp = IpLiteral.parse(path.getVmAddress()).map(address -> address.getAddress());
    if (bridge.isEmpty() || vmIp.isEmpty()) {
      return peers;
    }
    try {
      return interfaces.read(bridge.get().getInterfaceName())
          .map(local -> ProbeSource.choose(local, vmIp.get()))
          .filter(ProbeSource::canReceiveReplies)
          .map(source -> with(peers, IpLiteral.format(source.address())))
          .orElse(peers);
    } catch (ProbeFailure e) {
      return peers;
    }
  }

  private static List<String> with(List<String> peers, String address) {
    if (peers.contains(address)) {
      return peers;
    }
    List<String> all = new ArrayList<>(peers);
    all.add(address);
    return all;
  }
}
