package io.vmnetdiag.operator.outcome;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@link CaptureObserver} and {@link NodeCheck} read beyond the pod: its node and its events. */
public final class ClusterReads {
  private static final Logger log = LoggerFactory.getLogger(ClusterReads.class);

  private ClusterReads() {
  }

  /** The node as the API server has it; null when there is none. */
  public static Node node(KubernetesClient client, String name) {
    return name == null ? null : client.nodes().withName(name).get();
  }

  /** The pod's events (FailedMount and the like): a courtesy read, so a refusal only means none are seen. */
  public static List<Event> podEvents(KubernetesClient client, Pod pod) {
    try {
      return client.v1().events().inNamespace(pod.getMetadata().getNamespace())
          .withField("involvedObject.uid", pod.getMetadata().getUid()).list().getItems();
    } catch (KubernetesClientException e) {
      log.debug("cannot list events of pod {}: {}", pod.getMetadata().getName(), e.getMessage());
      return List.of();
    }
  }
}
