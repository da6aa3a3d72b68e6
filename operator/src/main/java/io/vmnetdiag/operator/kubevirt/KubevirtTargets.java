package io.vmnetdiag.operator.kubevirt;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.KubevirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.util.List;

/**
 * Reads a KubeVirt target's VMI and virt-launcher pods from the API server, in the diagnosis' own namespace only
 * (tenant-scoped by nature), and resolves them ({@link VmiResolver}). Needs get on virtualmachineinstances and
 * list on pods there: a pod is found by its UID, which only a list shows.
 */
public final class KubevirtTargets {
  /** The label KubeVirt puts on a VMI's virt-launcher pods: the VMI's UID. */
  public static final String LABEL_CREATED_BY = "kubevirt.io/created-by";

  private KubevirtTargets() {
  }

  public static KubevirtResolution resolve(KubernetesClient client, NetworkDiagnosis nd) {
    String namespace = nd.getMetadata().getNamespace();
    KubevirtTarget target = nd.getSpec().getTarget().getKubevirt();
    // Also null when KubeVirt is not installed (the resource type is unknown): the message asks about both.
    GenericKubernetesResource raw = client.genericKubernetesResources(VirtualMachineInstance.RESOURCE)
        .inNamespace(namespace).withName(target.getName()).get();
    VirtualMachineInstance vmi = raw == null ? null
        : client.getKubernetesSerialization().convertValue(raw, VirtualMachineInstance.class);
    List<Pod> launchers = vmi == null ? List.of() : client.pods().inNamespace(namespace)
        .withLabel(LABEL_CREATED_BY, vmi.metadata().getUid()).list().getItems();
    return VmiResolver.resolve(namespace, target.getName(), target.getInterfaceName(), vmi, launchers);
  }
}
