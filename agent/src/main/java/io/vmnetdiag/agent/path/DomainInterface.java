package io.vmnetdiag.agent.path;

import java.util.List;

/**
 * One {@code <interface>} of a libvirt domain, as its XML describes it.
 *
 * @param type the interface type: bridge, network, direct, vhostuser, hostdev, user, ...
 * @param mac the guest NIC's MAC address, lower case, or null
 * @param targetDev the backend device on the node ({@code <target dev>}), or null when libvirt has not named it yet
 * @param sourceBridge the Linux bridge the backend device is plugged into ({@code <source bridge>}; the running
 *     domain's XML names it for type network too), or null
 * @param sourceNetwork the libvirt network name for type network, or null
 * @param sourceDev the host device of a direct (macvtap) interface ({@code <source dev>}), or null
 * @param model the emulated NIC model (virtio, e1000, ...), or null
 * @param linkState {@code <link state>}: up, down, or null when the XML says nothing (up)
 * @param vlanTags the {@code <vlan><tag id>} tags, in document order; empty when none
 * @param bandwidth the {@code <bandwidth>} limits in one line, e.g. {@code outbound average=10000 pps=120000};
 *     null when none
 */
public record DomainInterface(
    String type,
    String mac,
    String targetDev,
    String sourceBridge,
    String sourceNetwork,
    String sourceDev,
    String model,
    String linkState,
    List<Integer> vlanTags,
    String bandwidth) {

  public DomainInterface {
    vlanTags = vlanTags == null ? List.of() : List.copyOf(vlanTags);
  }

  /** True when libvirt holds the guest's link down ({@code <link state='down'/>}): invisible on the node. */
  public boolean linkDown() {
    return "down".equalsIgnoreCase(linkState);
  }

  /** The link state as the path reports it: down, or up (also when the XML says nothing). */
  public String effectiveLinkState() {
    return linkDown() ? "down" : "up";
  }

  /** True when the backend device sits on a Linux bridge we can name. */
  public boolean isBridged() {
    return sourceBridge != null && ("bridge".equals(type) || "network".equals(type));
  }

  /** True when this NIC is the one a request's interface names: its MAC (any case) or its target dev. */
  public boolean isNamedBy(String name) {
    if (name == null) {
      return false;
    }
    String wanted = name.trim();
    return wanted.equalsIgnoreCase(mac == null ? "" : mac) || wanted.equals(targetDev);
  }

  /**
   * A short description for messages and NIC lists: MAC, target dev and where it is plugged, e.g.
   * {@code 00:16:3e:02:1f:00 (dev 021f00, bridge br0)} or
   * {@code 52:54:00:00:00:02 (dev vnet4, network 'default' on bridge virbr0)}.
   */
  public String describe() {
    StringBuilder text = new StringBuilder(mac == null ? "a NIC without MAC" : mac);
    text.append(" (dev ").append(targetDev == null ? "not named yet" : targetDev).append(", ");
    if ("network".equals(type) && sourceNetwork != null) {
      text.append("network '").append(sourceNetwork).append('\'');
      text.append(sourceBridge == null ? "" : " on bridge " + sourceBridge);
    } else if (sourceBridge != null) {
      text.append("bridge ").append(sourceBridge);
    } else {
      text.append("type ").append(type == null ? "unknown" : type);
      text.append(sourceDev == null ? "" : " on " + sourceDev);
    }
    return text.append(')').toString();
  }
}
