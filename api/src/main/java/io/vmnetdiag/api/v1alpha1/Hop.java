package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One point on the path where packets can be captured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Hop {
  @JsonPropertyDescription("What the hop is: Uplink, Bridge, Tap or Guest; for a KubeVirt VM also PodVeth, PodInterface and PodBridge (in the virt-launcher pod).")
  private HopRole role;

  @JsonPropertyDescription("Interface name on the node (or in the guest for the Guest hop).")
  private String interfaceName;

  @JsonPropertyDescription("The interface's own MAC address, for the node's uplink and bridge: what the node itself sends out through the uplink towards the VM (probes flooded while the bridge has not learned the VM) is not traffic from outside.")
  private String mac;

  @JsonPropertyDescription("Network namespace the interface lives in, as a path (/proc/PID/ns/net or /var/run/netns/NAME); empty for the node's own.")
  private String networkNamespace;

  @JsonPropertyDescription("For a bridge port (the uplink, the VM's tap): its STP port state on the bridge, read from"
      + " the kernel (rtnetlink IFLA_BRPORT_STATE) when the window began: Forwarding, or Disabled, Blocking, Listening"
      + " or Learning, in which the bridge forwards no frame to or from the port. Absent when the device is no"
      + " port of a bridge, or the state could not be read.")
  private BridgePortState portState;

  public Hop() {
  }

  public Hop(HopRole role, String interfaceName) {
    this.role = role;
    this.interfaceName = interfaceName;
  }

  public HopRole getRole() { return role; }
  public void setRole(HopRole role) { this.role = role; }
  public String getInterfaceName() { return interfaceName; }
  public void setInterfaceName(String interfaceName) { this.interfaceName = interfaceName; }
  public String getMac() { return mac; }
  public void setMac(String mac) { this.mac = mac; }
  public String getNetworkNamespace() { return networkNamespace; }
  public void setNetworkNamespace(String networkNamespace) { this.networkNamespace = networkNamespace; }
  public BridgePortState getPortState() { return portState; }
  public void setPortState(BridgePortState portState) { this.portState = portState; }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hop h && role == h.role && Objects.equals(interfaceName, h.interfaceName)
        && Objects.equals(networkNamespace, h.networkNamespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, interfaceName, networkNamespace);
  }

  @Override
  public String toString() {
    return role + "(" + interfaceName + (networkNamespace == null ? "" : " in " + networkNamespace) + ")";
  }
}
