package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.status.StatusDraft;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a capture pod's events to the diagnoses they concern, across namespaces (owner references cannot): its own
 * diagnosis, named by the pod's annotations, and every diagnosis queued for the pod's node, since a pod that
 * finishes or goes may free the slot they wait for.
 */
public final class CapturePodMapper implements SecondaryToPrimaryMapper<Pod> {
  private final EventSourceContext<NetworkDiagnosis> context;

  public CapturePodMapper(EventSourceContext<NetworkDiagnosis> context) {
    this.context = context;
  }

  @Override
  public Set<ResourceID> toPrimaryResourceIDs(Pod pod) {
    Set<ResourceID> primaries = new HashSet<>();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations != null && annotations.get(CapturePods.ANNOTATION_NAME) != null) {
      primaries.add(new ResourceID(annotations.get(CapturePods.ANNOTATION_NAME),
          annotations.get(CapturePods.ANNOTATION_NAMESPACE)));
    }
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (node != null) {
      context.getPrimaryCache().list(nd -> StatusDraft.isQueued(nd) && node.equals(nodeOf(nd)))
          .forEach(nd -> primaries.add(ResourceID.fromResource(nd)));
    }
    return primaries;
  }

  private static String nodeOf(NetworkDiagnosis nd) {
    return nd.getSpec() == null || nd.getSpec().getTarget() == null || nd.getSpec().getTarget().getLibvirt() == null
        ? null : Objects.toString(nd.getSpec().getTarget().getLibvirt().getNode(), null);
  }
}
