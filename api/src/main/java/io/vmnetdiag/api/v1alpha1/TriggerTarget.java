package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Which alert labels name the VM; exactly one kind is set. */
@ValidationRule(value = "has(self.libvirt) != has(self.kubevirt)",
    message = "set exactly one of target.libvirt or target.kubevirt")
public class TriggerTarget {
  @JsonPropertyDescription("A KubeVirt VMI in the trigger's namespace, named by alert labels.")
  private KubevirtLabels kubevirt;

  @JsonPropertyDescription("A libvirt domain on a node, named by alert labels.")
  private LibvirtLabels libvirt;

  public KubevirtLabels getKubevirt() { return kubevirt; }
  public void setKubevirt(KubevirtLabels kubevirt) { this.kubevirt = kubevirt; }
  public LibvirtLabels getLibvirt() { return libvirt; }
  public void setLibvirt(LibvirtLabels libvirt) { this.libvirt = libvirt; }
}
