package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.Optional;

/**
 * A link libvirt holds down ({@code <link state='down'/>}, the path's {@code linkState}): no capture on the node
 * can show it, as the tap stays up, so the verdict says it in a line of its own.
 */
final class LinkStateEvidence {
  private LinkStateEvidence() {
  }

  static Finding noting(Finding finding, ResolvedPath path) {
    return line(path).map(finding::noting).orElse(finding);
  }

  static Optional<String> line(ResolvedPath path) {
    if (path == null || !"down".equals(path.getLinkState())) {
      return Optional.empty();
    }
    String tap = path.getHops() == null ? null : path.getHops().stream()
        .filter(hop -> hop != null && hop.getRole() == HopRole.Tap).map(Hop::getInterfaceName).findFirst().orElse(null);
    return Optional.of("libvirt holds the link of the VM's NIC" + (tap == null ? "" : " behind tap " + tap)
        + " down (<link state='down'/>): the guest sees no carrier while the tap stays up on the node");
  }
}
