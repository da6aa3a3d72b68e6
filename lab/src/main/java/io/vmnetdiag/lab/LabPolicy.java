package io.vmnetdiag.lab;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.CapabilityMode;
import io.vmnetdiag.api.v1alpha1.DiagnosisGrant;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicySpec;
import io.vmnetdiag.api.v1alpha1.NamespaceMatch;
import java.util.List;

/**
 * The lab administrator's DiagnosisPolicy: the lab's namespace may diagnose the lab's domain on the lab node with
 * every capability the lab tests use. Each lab enforces a policy of its own name, so labs never share one.
 */
final class LabPolicy implements AutoCloseable {
  private final KubernetesClient client;
  private final String name;

  private LabPolicy(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  static LabPolicy create(KubernetesClient client, String name, String namespace, String node, String domain) {
    NamespaceMatch namespaces = new NamespaceMatch();
    namespaces.setNames(List.of(namespace));
    DiagnosisGrant grant = new DiagnosisGrant();
    grant.setName("lab");
    grant.setNamespaces(namespaces);
    grant.setNodes(List.of(node));
    grant.setDomains(List.of(domain));
    grant.getProbes().setMode(CapabilityMode.Allowed);
    grant.getProbes().setPorts(List.of(22, 80, 443));
    grant.getPcap().setMode(CapabilityMode.Allowed);
    grant.getPcap().setMaxRingMegabytes(1024);
    grant.setMaxSnapLength(65535);
    DiagnosisPolicySpec spec = new DiagnosisPolicySpec();
    spec.setGrants(List.of(grant));
    DiagnosisPolicy policy = new DiagnosisPolicy();
    policy.getMetadata().setName(name);
    policy.setSpec(spec);
    client.resource(policy).create();
    return new LabPolicy(client, name);
  }

  String name() {
    return name;
  }

  /** From now on the lab's grant covers only domains whose libvirt metadata carries this owner tag. */
  void requireDomainOwner(String owner) {
    client.resources(DiagnosisPolicy.class).withName(name).edit(p -> {
      p.getSpec().getGrants().forEach(g -> g.setDomainOwner(owner));
      return p;
    });
  }

  @Override
  public void close() {
    client.resources(DiagnosisPolicy.class).withName(name).delete();
  }
}
