package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One point on the path where packets can be captured. */
public class Hop {
  @JsonPropertyDescription("What the hop is: Uplink, Bridge, Tap or Guest.")
  private HopRole role;

  @JsonPropertyDescription("Interface name on the node (or in the guest for the Guest hop).")
  private String interfaceName;

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

  @Override
  public boolean equals(Object o) {
    return o instanceof Hop h && role == h.role && Objects.equals(interfaceName, h.interfaceName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, interfaceName);
  }

  @Override
  public String toString() {
    return role + "(" + interfaceName + ")";
  }
}
