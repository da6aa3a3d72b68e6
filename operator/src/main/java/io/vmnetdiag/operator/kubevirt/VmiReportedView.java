package io.vmnetdiag.operator.kubevirt;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What KubeVirt reports of a VM's network, put into the agent's request: the traced interface's addresses (with
 * where they came from) and link state, and the guest's interfaces as its agent reports them through the VMI's
 * status.interfaces. The data plane gets only the api module's types.
 */
final class VmiReportedView {
  private VmiReportedView() {
  }

  /**
   * @param reported the traced interface's status.interfaces entry, if KubeVirt reports it
   * @param all every status.interfaces entry
   * @param agentConnected the VMI's AgentConnected condition is True: the guest agent's entries are current
   */
  static void fill(KubevirtCaptureTarget target, Optional<NetworkInterface> reported, List<NetworkInterface> all,
      boolean agentConnected, Pod launcher) {
    List<String> addresses = reported.map(NetworkInterface::addresses).orElse(List.of());
    if (!addresses.isEmpty()) {
      target.setAddresses(new ArrayList<>(addresses));
      target.setAddressSource(reported.get().fromGuestAgent() ? AddressSource.GuestAgent : AddressSource.VmiStatus);
    } else {
      // with the bridge and masquerade bindings the VM is reached at its launcher pod's IP
      List<String> podIps = podIps(launcher);
      target.setAddresses(new ArrayList<>(podIps));
      target.setAddressSource(podIps.isEmpty() ? AddressSource.Unknown : AddressSource.LauncherPodIp);
    }
    target.setLinkState(reported.map(NetworkInterface::linkState).orElse(null));
    target.setGuestInterfaces(agentConnected
        ? all.stream().filter(NetworkInterface::fromGuestAgent).map(VmiReportedView::guestInterface).toList()
        : List.of());
  }

  /** One interface as the guest agent named it; KubeVirt reports addresses without their prefix length. */
  private static GuestInterface guestInterface(NetworkInterface reported) {
    GuestInterface nic = new GuestInterface(reported.interfaceName(),
        reported.mac() == null ? null : reported.mac().toLowerCase(Locale.ROOT));
    nic.setAddresses(new ArrayList<>(reported.addresses()));
    return nic;
  }

  private static List<String> podIps(Pod launcher) {
    if (launcher.getStatus() == null) {
      return List.of();
    }
    List<PodIP> ips = launcher.getStatus().getPodIPs();
    if (ips != null && !ips.isEmpty()) {
      return ips.stream().map(PodIP::getIp).filter(ip -> ip != null && !ip.isBlank()).toList();
    }
    String ip = launcher.getStatus().getPodIP();
    return ip == null || ip.isBlank() ? List.of() : List.of(ip);
  }
}
