package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One point on the path where packets can be captured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Hop {
  @JsonPropertyDescription("What the hop is: Uplink, Bridge, Tap or Guest.")
  private HopRole role;

  @JsonPropertyDescription("Interface name on the node (or in the guest for the Guest hop).")
  private String interfaceName;

  @JsonPropertyDescription("The interface's own MAC address, for the node's uplink and bridge: what the node itself sends out through the uplink towards the VM (probes flooded while the bridge has not learned the VM) is not traffic from outside.")
  private String mac;

  @JsonPropertyDescription("Network namespace the interface lives in, as a path (/proc/PID/ns/net or /var/run/netns/NAME); empty for the node's own.")
  private String networkNamespace;

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
