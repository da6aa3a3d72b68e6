package io.vmnetdiag.operator.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Informer caches of what the policy gate reads on every reconcile: the enforced DiagnosisPolicy (selected by name
 * on the server, so the RBAC grant stays on that one name) and the namespaces (grants may select them by label).
 * They only serve reads: their changes wake no diagnosis, as the policy's did not when it was read per reconcile.
 * JOSDK starts them, and waits for them to sync, before the first reconcile.
 */
public final class PolicyInformers {
  static final String POLICY = "enforced-policy";
  static final String NAMESPACES = "namespaces";

  private PolicyInformers() {
  }

  public static List<EventSource<?, NetworkDiagnosis>> eventSources(EventSourceContext<NetworkDiagnosis> context,
      String policyName) {
    var policy = readOnly(InformerEventSourceConfiguration.from(DiagnosisPolicy.class, NetworkDiagnosis.class)
        .withName(POLICY)
        .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", policyName))));
    var namespaces = readOnly(InformerEventSourceConfiguration.from(Namespace.class, NetworkDiagnosis.class)
        .withName(NAMESPACES));
    return List.of(new InformerEventSource<>(policy.build(), context),
        new InformerEventSource<>(namespaces.build(), context));
  }

  static Optional<DiagnosisPolicy> policy(Context<NetworkDiagnosis> context, String name) {
    return cached(context, DiagnosisPolicy.class, POLICY, name);
  }

  static Optional<Namespace> namespace(Context<NetworkDiagnosis> context, String name) {
    return cached(context, Namespace.class, NAMESPACES, name);
  }

  private static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> readOnly(
      InformerEventSourceConfiguration.Builder<R> builder) {
    // Cluster-scoped, whichever namespaces the controller watches.
    return builder.withWatchAllNamespaces()
        .withFollowControllerNamespacesChanges(false)
        .withSecondaryToPrimaryMapper(r -> Set.of());
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> Optional<R> cached(Context<NetworkDiagnosis> context, Class<R> type,
      String source, String name) {
    var informer = (InformerEventSource<R, NetworkDiagnosis>) context.eventSourceRetriever()
        .getEventSourceFor(type, source);
    return informer.get(new ResourceID(name));
  }
}
