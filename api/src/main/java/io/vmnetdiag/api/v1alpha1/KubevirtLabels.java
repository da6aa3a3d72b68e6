package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The alert labels that name a KubeVirt VMI. */
public class KubevirtLabels {
  @Default("namespace")
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The label holding the VMI's namespace. An alert whose value is not this trigger's"
      + " namespace is about another tenant's VM: this trigger ignores it.")
  private String namespaceLabel = "namespace";

  @Default("name")
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The label holding the VMI's name.")
  private String nameLabel = "name";

  @JsonProperty("interface")
  @Size(min = 1, max = 63)
  @Pattern(KubevirtTarget.INTERFACE_PATTERN)
  @JsonPropertyDescription("The VMI interface to diagnose (spec.target.kubevirt.interface). Optional.")
  private String interfaceName;

  public String getNamespaceLabel() { return namespaceLabel; }
  public void setNamespaceLabel(String namespaceLabel) { this.namespaceLabel = namespaceLabel; }
  public String getNameLabel() { return nameLabel; }
  public void setNameLabel(String nameLabel) { this.nameLabel = nameLabel; }
  public String getInterfaceName() { return interfaceName; }
  public void setInterfaceName(String interfaceName) { this.interfaceName = interfaceName; }
}
