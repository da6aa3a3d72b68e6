package io.vmnetdiag.agent.probe;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.List;
import java.util.Optional;

/**
 * The bridge the probes are injected on, on the VM's own link: a libvirt VM's bridge; for a KubeVirt VM with the
 * bridge binding the pod's bridge ({@code k6t-eth0}, whose frames reach the VM's MAC straight through {@code tap0}).
 * Behind a NAT (masquerade) no bridge of the path carries the VM's address and MAC together, so none is chosen.
 */
public record ProbeOrigin(Optional<Hop> bridge, Optional<String> refusal) {

  public static ProbeOrigin of(ResolvedPath path) {
    List<Hop> hops = path.getHops() == null ? List.of() : path.getHops();
    Optional<Hop> podBridge = role(hops, HopRole.PodBridge);
    if (path.getAddressTranslatedAt() != null) {
      return new ProbeOrigin(Optional.empty(), Optional.of("The VM's address " + path.getVmAddress() + " is its pod's,"
          + " translated at " + path.getAddressTranslatedAt() + " (KubeVirt masquerade): no bridge of the path holds"
          + " the VM's MAC and that address together, so no probes were sent."));
    }
    return new ProbeOrigin(podBridge.or(() -> role(hops, HopRole.Bridge)), Optional.empty());
  }

  private static Optional<Hop> role(List<Hop> hops, HopRole role) {
    return hops.stream().filter(hop -> hop != null && hop.getRole() == role).findFirst();
  }
}
