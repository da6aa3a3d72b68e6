package io.vmnetdiag.agent.kubevirt;

/**
 * The devices KubeVirt creates in the virt-launcher pod for one pod interface, named as KubeVirt names them
 * (pkg/network/link, namescheme): the pod interface's suffix after its three-letter prefix names the tap and the
 * bridge. Ordinal names (the pod network's {@code eth0}, Multus' {@code net1}) give {@code tap0},
 * {@code k6t-eth0} and {@code eth0-nic}; hashed ones ({@code pod<hash>}) give {@code tap<hash>},
 * {@code k6t-<hash>} and {@code <hash>-nic}.
 */
public record KubevirtNames(String podInterface, String tap, String bridge, String bridgedNic) {
  /** What KubeVirt names the pod network's interface when the VMI status reports none. */
  public static final String POD_NETWORK_INTERFACE = "eth0";
  private static final String HASHED_PREFIX = "pod";

  public static KubevirtNames of(String podInterfaceName) {
    String pod = podInterfaceName == null || podInterfaceName.isBlank() ? POD_NETWORK_INTERFACE : podInterfaceName;
    String suffix = pod.length() > 3 ? pod.substring(3) : pod;
    boolean hashed = pod.startsWith(HASHED_PREFIX);
    return new KubevirtNames(pod, "tap" + suffix, "k6t-" + (hashed ? suffix : pod), (hashed ? suffix : pod) + "-nic");
  }
}
