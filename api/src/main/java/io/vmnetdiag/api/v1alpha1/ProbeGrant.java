package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Active probes a grant allows: they come from the node's own address, so the administrator decides. */
public class ProbeGrant {
  @Default("Disabled")
  @JsonPropertyDescription("Disabled (default): the agent sends no probes (capture.probes.mode Always is refused,"
      + " Auto runs as Never). Allowed: probes as the diagnosis asks, TCP only to the ports listed here.")
  private CapabilityMode mode = CapabilityMode.Disabled;

  @Size(max = 64)
  @ValidationRule(value = "self.all(p, p >= 1 && p <= 65535)", message = "probes.ports must be between 1 and 65535")
  @JsonPropertyDescription("TCP ports probes may target. A diagnosis whose capture.ports holds another port must set"
      + " capture.probes.mode: Never. Empty: ARP and ICMP probes only.")
  private List<Integer> ports = new ArrayList<>();

  public CapabilityMode getMode() { return mode; }
  public void setMode(CapabilityMode mode) { this.mode = mode; }
  public List<Integer> getPorts() { return ports; }
  public void setPorts(List<Integer> ports) { this.ports = ports; }
}
