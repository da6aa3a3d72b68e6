package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes capture pods so they really go: a graceful delete first; a pod still there past its grace period plus
 * {@link #KUBELET_SLACK} (no kubelet confirms it: its node is gone or down) is force-deleted, so no diagnosis
 * waits for a node that will not come back.
 */
public final class CapturePodRemoval {
  /** How long a kubelet gets beyond the pod's grace period to confirm a deletion. */
  public static final Duration KUBELET_SLACK = Duration.ofSeconds(10);

  private CapturePodRemoval() {
  }

  /** Asks for the pod's deletion, forcing it when its kubelet did not finish it in time. */
  public static void remove(KubernetesClient client, Pod pod, Instant now) {
    var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    String deadline = pod.getMetadata().getDeletionTimestamp();
    if (deadline == null) {
      resource.delete();
    } else if (now.isAfter(Instant.parse(deadline).plus(KUBELET_SLACK))) {
      // The deletion timestamp is when the grace period ends; the kubelet has had its slack on top.
      resource.withGracePeriod(0).delete();
    }
  }
}
