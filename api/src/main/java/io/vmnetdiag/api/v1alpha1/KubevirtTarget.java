package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A KubeVirt VirtualMachineInstance. */
public class KubevirtTarget {
  @Required
  @Size(min = 1, max = 253)
  @Pattern(LibvirtTarget.NAME_PATTERN)
  @JsonPropertyDescription("Name of the VirtualMachineInstance in the diagnosis' namespace.")
  private String name;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
