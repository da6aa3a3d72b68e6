package io.vmnetdiag.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.KubevirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays KubeVirt in the API server: VMIs and virt-launcher pods from the shapes in src/test/resources/kubevirt, with
 * the UIDs the server assigns wired as KubeVirt wires them (the pod's created-by label, the VMI's activePods).
 */
final class TestingKubevirt implements AutoCloseable {
  private final KubernetesClient client;
  private final List<Pod> launchers = new ArrayList<>();

  TestingKubevirt(KubernetesClient client) {
    this.client = client;
  }

  /** Creates the VMI from a fixture; {@code vars} fill its ${...} beside NAME and NAMESPACE. */
  GenericKubernetesResource vmi(String fixture, String namespace, String name, Map<String, String> vars) {
    Map<String, String> all = new HashMap<>(vars);
    all.put("NAME", name);
    all.put("NAMESPACE", namespace);
    GenericKubernetesResource vmi = client.getKubernetesSerialization()
        .unmarshal(fill(fixture, all), GenericKubernetesResource.class);
    return client.genericKubernetesResources(VirtualMachineInstance.RESOURCE).inNamespace(namespace)
        .resource(vmi).create();
  }

  /** A virt-launcher pod of the VMI on a node, its phase set as the kubelet would. */
  Pod launcherPod(GenericKubernetesResource vmi, String node, String phase) {
    Pod pod = client.getKubernetesSerialization().unmarshal(fill("virt-launcher-pod.yaml", Map.of(
        "NAME", vmi.getMetadata().getName(), "NAMESPACE", vmi.getMetadata().getNamespace(),
        "VMI_UID", vmi.getMetadata().getUid(), "NODE", node)), Pod.class);
    Pod created = client.resource(pod).create();
    launchers.add(created);
    created.setStatus(new PodStatusBuilder().withPhase(phase).build());
    return client.resource(created).updateStatus();
  }

  /** Sets the VMI's status.activePods (pod UID to node name), as virt-controller does. */
  void activePods(GenericKubernetesResource vmi, Map<String, String> podUidToNode) {
    client.genericKubernetesResources(VirtualMachineInstance.RESOURCE).inNamespace(vmi.getMetadata().getNamespace())
        .withName(vmi.getMetadata().getName()).edit(current -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> status = (Map<String, Object>) current.getAdditionalProperties().get("status");
          status.put("activePods", podUidToNode);
          return current;
        });
  }

  static NetworkDiagnosis diagnosis(String namespace, String name, String vmi, String iface) {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis(namespace, name, "unused", "unused");
    KubevirtTarget target = new KubevirtTarget();
    target.setName(vmi);
    target.setInterfaceName(iface);
    nd.getSpec().getTarget().setLibvirt(null);
    nd.getSpec().getTarget().setKubevirt(target);
    return nd;
  }

  /** Removes the launcher pods at once: no kubelet here would confirm their deletion. */
  @Override
  public void close() {
    launchers.forEach(p -> client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
        .withGracePeriod(0).delete());
  }

  private static String fill(String fixture, Map<String, String> vars) {
    try (InputStream in = TestingKubevirt.class.getResourceAsStream("/kubevirt/" + fixture)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> var : vars.entrySet()) {
        text = text.replace("${" + var.getKey() + "}", var.getValue());
      }
      if (text.contains("${")) {
        throw new IllegalArgumentException(fixture + " has unfilled variables: " + text.substring(text.indexOf("${")));
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
