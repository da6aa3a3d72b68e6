package io.vmnetdiag.operator.outcome;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the capture's node can run it: it exists, is Ready and, before a pod is started there, not cordoned. A
 * node without a Ready condition has not been reported on yet and counts as ready: only a kubelet's or the node
 * controller's word makes it NotReady.
 */
public final class NodeCheck {
  private NodeCheck() {
  }

  /** Before the pod is created: any problem counts. Null when the node may run the capture. */
  public static CaptureFailure beforeStart(String name, Node node) {
    if (node == null) {
      return new CaptureFailure.NodeNotFound(name);
    }
    if (Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable())) {
      return new CaptureFailure.NodeUnschedulable(name);
    }
    return notReady(name, node, Instant.MAX, Duration.ZERO);
  }

  /**
   * While the pod runs: a cordon does not stop it (the pod is bound and tolerates every taint), and NotReady counts
   * only once it lasted the grace, as a node's heartbeat may lapse for a moment.
   */
  public static CaptureFailure whileRunning(String name, Node node, Instant now, Duration grace) {
    if (node == null) {
      return new CaptureFailure.NodeNotFound(name);
    }
    return notReady(name, node, now, grace);
  }

  private static CaptureFailure notReady(String name, Node node, Instant now, Duration grace) {
    NodeCondition ready = node.getStatus() == null || node.getStatus().getConditions() == null ? null
        : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    if (ready == null || "True".equals(ready.getStatus())) {
      return null;
    }
    String since = ready.getLastTransitionTime();
    if (since != null && now != Instant.MAX && Instant.parse(since).plus(grace).isAfter(now)) {
      return null;
    }
    return new CaptureFailure.NodeNotReady(name, ready.getStatus(), ready.getReason(), since);
  }
}
