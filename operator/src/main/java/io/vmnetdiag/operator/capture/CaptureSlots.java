package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Capture slots: one capture pod per VM, and at most N per node. Counting and creating happen under the node's lock
 * and count from the API server, not the informer cache, so two diagnoses reconciled at once cannot both take the
 * node's last slot (a single operator reconciles: leader election keeps standbys idle). Both rules are per node (a
 * VM's key includes its node), so diagnoses on different nodes start in parallel. The informer's cache answers
 * first, without the lock: when it already shows no slot the diagnosis waits without a request (a queued diagnosis
 * is woken by every capture pod event on its node, and the pod that frees its slot sends one); only a slot the cache
 * shows free is confirmed from the API server.
 */
public final class CaptureSlots {
  private final KubernetesClient client;
  private final String namespace;
  private final int perNode;
  private final Function<String, Stream<Pod>> cachedOnNode;
  /** One lock object per node name; as many as the cluster has nodes that ran a capture. */
  private final Map<String, Object> nodeLocks = new ConcurrentHashMap<>();

  /** Either the pod that was started, or why the diagnosis waits. */
  public record Start(Pod pod, String waitReason) {
  }

  /** @param cachedOnNode the capture pods the informer's cache holds for a node */
  public CaptureSlots(KubernetesClient client, String namespace, int perNode,
      Function<String, Stream<Pod>> cachedOnNode) {
    this.client = client;
    this.namespace = namespace;
    this.perNode = perNode;
    this.cachedOnNode = cachedOnNode;
  }

  /**
   * Runs {@code create} when the VM and its node have a free slot.
   *
   * @param vm the VM's name on its node (a libvirt domain, or a KubeVirt VMI: see CaptureRequests.vmName)
   */
  public Start startWhenFree(NetworkDiagnosis nd, String node, String vm, Supplier<Pod> create) {
    String cachedWait = waitReason(busy(cachedOnNode.apply(node), nd, node), node, vm);
    if (cachedWait != null) {
      return new Start(null, cachedWait);
    }
    synchronized (nodeLocks.computeIfAbsent(node, n -> new Object())) {
      // The server selects the node's pods (a field selector on spec.nodeName): the list stays small however many
      // nodes capture at once.
      String wait = waitReason(busy(client.pods().inNamespace(namespace).withLabelSelector(CapturePods.SELECTOR)
          .withField(CapturePods.FIELD_NODE, node).list().getItems().stream(), nd, node), node, vm);
      return wait != null ? new Start(null, wait) : new Start(create.get(), null);
    }
  }

  /** The node's capture pods that hold a slot, other than this diagnosis' own. */
  private static List<Pod> busy(Stream<Pod> pods, NetworkDiagnosis nd, String node) {
    return pods
        .filter(p -> !CapturePods.belongsTo(p, nd))
        .filter(p -> node.equals(p.getSpec().getNodeName()))
        // Terminating or finished pods no longer capture; one on a vanished node would otherwise hold its slot.
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && !CapturePodOutcome.of(p).finished())
        .toList();
  }

  /** Why the diagnosis must wait, or null when the VM and the node have a slot. */
  private String waitReason(List<Pod> busy, String node, String vm) {
    String vmKey = CapturePods.vmKey(node, vm);
    for (Pod pod : busy) {
      if (vmKey.equals(pod.getMetadata().getLabels().get(CapturePods.LABEL_VM))) {
        return "VM " + vm + " on node " + node + " is being captured for another diagnosis (" + describe(pod)
            + "); this one starts when that capture ends.";
      }
    }
    if (busy.size() >= perNode) {
      return "Node " + node + " runs " + busy.size() + " capture pods, its limit of " + perNode
          + "; this diagnosis starts when one ends.";
    }
    return null;
  }

  private static String describe(Pod pod) {
    var annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? pod.getMetadata().getName()
        : annotations.get(CapturePods.ANNOTATION_NAMESPACE) + "/" + annotations.get(CapturePods.ANNOTATION_NAME);
  }
}
