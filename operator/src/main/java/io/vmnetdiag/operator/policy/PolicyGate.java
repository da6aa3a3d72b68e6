package io.vmnetdiag.operator.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.vmnetdiag.api.v1alpha1.DiagnosisGrant;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The operator's own enforcement of the DiagnosisPolicy, early in every reconcile: admission may be bypassed
 * (no binding installed, a policy changed since), the operator is not. Policy and namespaces come from the
 * informer caches of {@link PolicyInformers}, which the controller registers; a denial is final, so it is decided
 * again from the API server before it stands (a policy or label created an instant ago may not be cached yet).
 */
public final class PolicyGate {
  private final String policyName;

  /** @param policyName the one DiagnosisPolicy this installation enforces */
  public PolicyGate(String policyName) {
    this.policyName = policyName;
  }

  /** Reads the policy (and the namespace's labels when a grant selects by label) and decides. */
  public PolicyDecision decide(Context<NetworkDiagnosis> context, NetworkDiagnosis nd) {
    PolicyDecision cached = decide(nd, PolicyInformers.policy(context, policyName).orElse(null),
        namespace -> PolicyInformers.namespace(context, namespace).orElse(null));
    if (cached.allowed()) {
      return cached;
    }
    KubernetesClient client = context.getClient();
    return decide(nd, client.resources(DiagnosisPolicy.class).withName(policyName).get(),
        namespace -> client.namespaces().withName(namespace).get());
  }

  private PolicyDecision decide(NetworkDiagnosis nd, DiagnosisPolicy policy, Function<String, Namespace> namespaces) {
    String namespace = nd.getMetadata().getNamespace();
    return PolicyRules.decide(policyName, policy, namespace, labelsIfNeeded(namespaces, policy, namespace),
        nd.getSpec());
  }

  private static Map<String, String> labelsIfNeeded(Function<String, Namespace> namespaces, DiagnosisPolicy policy,
      String namespace) {
    List<DiagnosisGrant> grants = policy == null || policy.getSpec() == null ? List.of() : policy.getSpec().getGrants();
    boolean byLabel = grants != null && grants.stream()
        .anyMatch(g -> g.getNamespaces() != null && g.getNamespaces().getMatchLabels() != null);
    if (!byLabel) {
      return Map.of();
    }
    Namespace ns = namespaces.apply(namespace);
    return ns == null ? Map.of() : Objects.requireNonNullElse(ns.getMetadata().getLabels(), Map.of());
  }
}
