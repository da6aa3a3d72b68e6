package io.vmnetdiag.operator.alerts;

import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.KubevirtLabels;
import io.vmnetdiag.api.v1alpha1.KubevirtTarget;
import io.vmnetdiag.api.v1alpha1.LibvirtLabels;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the VM an alert is about from its labels, as a trigger maps them. */
final class AlertTargets {
  private AlertTargets() {
  }

  /** What an alert's labels say about the VM, for one trigger. */
  sealed interface Mapping permits Mapped, OtherNamespace, MissingLabels {
  }

  /**
   * @param identity the VM as one string, unique in the cluster; diagnoses of one VM share its hash
   * @param vmName the VMI or domain name, for the diagnosis' name
   */
  record Mapped(Target target, String identity, String vmName) implements Mapping {
  }

  /** The alert is about a VMI in another namespace: not this trigger's tenant. */
  record OtherNamespace(String namespace) implements Mapping {
  }

  record MissingLabels(List<String> labels) implements Mapping {
  }

  static Mapping map(DiagnosisTrigger trigger, Map<String, String> labels) {
    String namespace = trigger.getMetadata().getNamespace();
    KubevirtLabels kubevirt = trigger.getSpec().getTarget().getKubevirt();
    if (kubevirt != null) {
      List<String> missing = missing(labels, kubevirt.getNamespaceLabel(), kubevirt.getNameLabel());
      if (!missing.isEmpty()) {
        return new MissingLabels(missing);
      }
      String vmiNamespace = labels.get(kubevirt.getNamespaceLabel());
      if (!namespace.equals(vmiNamespace)) {
        return new OtherNamespace(vmiNamespace);
      }
      KubevirtTarget vmi = new KubevirtTarget();
      vmi.setName(labels.get(kubevirt.getNameLabel()));
      vmi.setInterfaceName(kubevirt.getInterfaceName());
      Target target = new Target();
      target.setKubevirt(vmi);
      return new Mapped(target, "kubevirt/" + namespace + "/" + vmi.getName(), vmi.getName());
    }
    LibvirtLabels libvirt = trigger.getSpec().getTarget().getLibvirt();
    List<String> missing = missing(labels, libvirt.getNodeLabel(), libvirt.getDomainLabel());
    if (!missing.isEmpty()) {
      return new MissingLabels(missing);
    }
    LibvirtTarget domain = new LibvirtTarget();
    domain.setNode(labels.get(libvirt.getNodeLabel()));
    domain.setDomain(labels.get(libvirt.getDomainLabel()));
    if (libvirt.getAddressLabel() != null) {
      domain.setAddress(labels.get(libvirt.getAddressLabel()));
    }
    Target target = new Target();
    target.setLibvirt(domain);
    return new Mapped(target, "libvirt/" + namespace + "/" + domain.getNode() + "/" + domain.getDomain(),
        domain.getDomain());
  }

  private static List<String> missing(Map<String, String> labels, String... names) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      String value = labels.get(name);
      if (value == null || value.isBlank()) {
        missing.add(name);
      }
    }
    return missing;
  }
}
