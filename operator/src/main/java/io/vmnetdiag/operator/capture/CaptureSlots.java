package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Capture slots: one capture pod per VM, and at most N per node. Counting and creating happen under the node's lock
 * and count from the API server, not the informer cache, so two diagnoses reconciled at once cannot both take the
 * node's last slot (a single operator reconciles: leader election keeps standbys idle). Both rules are per node (a
 * VM's key includes its node), so diagnoses on different nodes start in parallel.
 */
public final class CaptureSlots {
  private final KubernetesClient client;
  private final String namespace;
  private final int perNode;
  /** One lock object per node name; as many as the cluster has nodes that ran a capture. */
  private final Map<String, Object> nodeLocks = new ConcurrentHashMap<>();

  /** Either the pod that was started, or why the diagnosis waits. */
  public record Start(Pod pod, String waitReason) {
  }

  public CaptureSlots(KubernetesClient client, String namespace, int perNode) {
    this.client = client;
    this.namespace = namespace;
    this.perNode = perNode;
  }

  /**
   * Runs {@code create} when the VM and its node have a free slot.
   *
   * @param vm the VM's name on its node (a libvirt domain, or a KubeVirt VMI: see CaptureRequests.vmName)
   */
  public Start startWhenFree(NetworkDiagnosis nd, String node, String vm, Supplier<Pod> create) {
    synchronized (nodeLocks.computeIfAbsent(node, n -> new Object())) {
      return startOnNode(nd, node, vm, create);
    }
  }

  private Start startOnNode(NetworkDiagnosis nd, String node, String vm, Supplier<Pod> create) {
    // The server selects the node's pods (a field selector on spec.nodeName): the list stays small however many
    // nodes capture at once.
    List<Pod> busy = client.pods().inNamespace(namespace).withLabelSelector(CapturePods.SELECTOR)
        .withField(CapturePods.FIELD_NODE, node).list().getItems()
        .stream()
        .filter(p -> !CapturePods.belongsTo(p, nd))
        .filter(p -> node.equals(p.getSpec().getNodeName()))
        // Terminating or finished pods no longer capture; one on a vanished node would otherwise hold its slot.
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && !CapturePodOutcome.of(p).finished())
        .toList();
    String vmKey = CapturePods.vmKey(node, vm);
    for (Pod pod : busy) {
      if (vmKey.equals(pod.getMetadata().getLabels().get(CapturePods.LABEL_VM))) {
        return new Start(null, "VM " + vm + " on node " + node + " is being captured for another diagnosis ("
            + describe(pod) + "); this one starts when that capture ends.");
      }
    }
    if (busy.size() >= perNode) {
      return new Start(null, "Node " + node + " runs " + busy.size() + " capture pods, its limit of " + perNode
          + "; this diagnosis starts when one ends.");
    }
    return new Start(create.get(), null);
  }

  private static String describe(Pod pod) {
    var annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? pod.getMetadata().getName()
        : annotations.get(CapturePods.ANNOTATION_NAMESPACE) + "/" + annotations.get(CapturePods.ANNOTATION_NAME);
  }
}
