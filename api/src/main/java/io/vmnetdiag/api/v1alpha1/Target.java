package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The VM to diagnose; exactly one kind of target is set. */
@ValidationRule(value = "has(self.libvirt) != has(self.kubevirt)",
    message = "set exactly one of target.libvirt or target.kubevirt")
public class Target {
  @JsonPropertyDescription("A libvirt domain running on a Kubernetes node.")
  private LibvirtTarget libvirt;

  @JsonPropertyDescription("A KubeVirt VirtualMachineInstance in this diagnosis' namespace.")
  private KubevirtTarget kubevirt;

  public LibvirtTarget getLibvirt() { return libvirt; }
  public void setLibvirt(LibvirtTarget libvirt) { this.libvirt = libvirt; }
  public KubevirtTarget getKubevirt() { return kubevirt; }
  public void setKubevirt(KubevirtTarget kubevirt) { this.kubevirt = kubevirt; }

  /** A short human name for the target, such as {@code libvirt:node-1/web-01}. */
  @JsonIgnore
  public String displayName() {
    if (libvirt != null) {
      return "libvirt:" + libvirt.getNode() + "/" + libvirt.getDomain();
    }
    if (kubevirt != null) {
      return "kubevirt:" + kubevirt.getName();
    }
    return "";
  }
}
