package io.vmnetdiag.operator.rerun;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.util.Objects;
import java.util.Set;

/**
 * Wakes a diagnosis when its vmnetdiag.io/rerun annotation changes. The controller's own event source is
 * generation-aware (status writes must not wake it), and an annotation does not change the generation.
 */
public final class RerunRequests {
  public static final String NAME = "rerun-requests";

  private RerunRequests() {
  }

  public static InformerEventSource<NetworkDiagnosis, NetworkDiagnosis> eventSource(
      EventSourceContext<NetworkDiagnosis> context) {
    var config = InformerEventSourceConfiguration.from(NetworkDiagnosis.class, NetworkDiagnosis.class)
        .withName(NAME)
        .withSecondaryToPrimaryMapper(nd -> Set.of(ResourceID.fromResource(nd)))
        .withOnAddFilter(nd -> false)
        .withOnUpdateFilter((updated, old) ->
            !Objects.equals(RunPlanner.rerunRequest(updated), RunPlanner.rerunRequest(old)))
        .withOnDeleteFilter((nd, unknownState) -> false)
        .build();
    return new InformerEventSource<>(config, context);
  }
}
