package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** The alert labels that name a libvirt domain on a node. */
public class LibvirtLabels {
  @Default("node")
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The label holding the Kubernetes node that runs the domain.")
  private String nodeLabel = "node";

  @Default("domain")
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The label holding the libvirt domain's name.")
  private String domainLabel = "domain";

  @Size(min = 1, max = 128)
  @JsonPropertyDescription("Optional: the label holding the VM's IP address (spec.target.libvirt.address).")
  private String addressLabel;

  public String getNodeLabel() { return nodeLabel; }
  public void setNodeLabel(String nodeLabel) { this.nodeLabel = nodeLabel; }
  public String getDomainLabel() { return domainLabel; }
  public void setDomainLabel(String domainLabel) { this.domainLabel = domainLabel; }
  public String getAddressLabel() { return addressLabel; }
  public void setAddressLabel(String addressLabel) { this.addressLabel = addressLabel; }
}
