package io.vmnetdiag.agent.path;

/**
 * One {@code <interface>} of a libvirt domain, as its XML describes it.
 *
 * @param type the interface type: bridge, network, direct, user, ...
 * @param mac the guest NIC's MAC address, lower case, or null
 * @param targetDev the backend device on the node ({@code <target dev>}), or null when libvirt has not named it yet
 * @param sourceBridge the Linux bridge the backend device is plugged into, or null
 * @param sourceNetwork the libvirt network name for type network, or null
 * @param model the emulated NIC model (virtio, e1000, ...), or null
 * @param linkDown true when libvirt holds the guest's link down ({@code <link state='down'/>}): invisible on the node
 */
public record DomainInterface(
    String type,
    String mac,
    String targetDev,
    String sourceBridge,
    String sourceNetwork,
    String model,
    boolean linkDown) {

  /** True when the backend device sits on a Linux bridge we can name. */
  public boolean isBridged() {
    return sourceBridge != null && ("bridge".equals(type) || "network".equals(type));
  }

  /** A short description for messages, e.g. {@code bridge 00:16:3e:02:1f:00 on br0 (dev 021f00)}. */
  public String describe() {
    StringBuilder text = new StringBuilder(type == null ? "untyped" : type);
    text.append(' ').append(mac == null ? "without MAC" : mac);
    if (sourceBridge != null) {
      text.append(" on ").append(sourceBridge);
    } else if (sourceNetwork != null) {
      text.append(" on network '").append(sourceNetwork).append("' (no bridge named)");
    }
    if (targetDev != null) {
      text.append(" (dev ").append(targetDev).append(')');
    }
    return text.toString();
  }
}
