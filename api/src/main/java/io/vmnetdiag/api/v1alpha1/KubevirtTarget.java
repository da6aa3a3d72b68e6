package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A KubeVirt VirtualMachineInstance. */
public class KubevirtTarget {
  /** A VMI interface name (it names the VMI's network as well): letters, digits, '-', '_' and '.'. */
  public static final String INTERFACE_PATTERN = "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

  @Required
  @Size(min = 1, max = 253)
  @Pattern(LibvirtTarget.NAME_PATTERN)
  @JsonPropertyDescription("Name of the VirtualMachineInstance in the diagnosis' namespace.")
  private String name;

  @JsonProperty("interface")
  @Size(min = 1, max = 63)
  @Pattern(INTERFACE_PATTERN)
  @JsonPropertyDescription("The VMI interface to diagnose, by its name in spec.domain.devices.interfaces (such as"
      + " default). Optional: the interface on the pod network by default. Bridge and masquerade bindings are"
      + " supported; others end with BindingNotSupported.")
  private String interfaceName;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getInterfaceName() { return interfaceName; }
  public void setInterfaceName(String interfaceName) { this.interfaceName = interfaceName; }
}
