package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When neither the spec, the guest agent nor a neighbour table gave the VM's address, the frames its MAC sent do:
 * the ARP sender and IP source it used. The tap is asked first (only the VM sends from behind it), then the
 * other hops outwards-in. The path then says where the address came from.
 */
public final class ObservedAddress {
  private ObservedAddress() {
  }

  /** Sets the path's address from what was seen, if it had none; returns whether it did. */
  public static boolean learn(ResolvedPath path, List<HopObservation> hops) {
    if (path == null || path.getVmAddress() != null || hops == null) {
      return false;
    }
    Optional<String> seen = hops.stream().filter(hop -> hop != null && hop.getVmSourceAddresses() != null)
        .sorted(Comparator.comparing((HopObservation hop) -> hop.getRole() != HopRole.Tap))
        .map(hop -> VmAddressFinder.preferred(hop.getVmSourceAddresses()))
        .flatMap(Optional::stream)
        .findFirst();
    seen.ifPresent(address -> {
      path.setVmAddress(address);
      path.setAddressSource(AddressSource.Observed);
    });
    return seen.isPresent();
  }
}
