package io.vmnetdiag.operator.policy;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.vmnetdiag.api.v1alpha1.DiagnosisGrant;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's own enforcement of the DiagnosisPolicy, early in every reconcile: admission may be bypassed
 * (no binding installed, a policy changed since), the operator is not. Policy and namespaces come from the
 * informer caches of {@link PolicyInformers}, which the controller registers.
 */
public final class PolicyGate {
  private final String policyName;

  /** @param policyName the one DiagnosisPolicy this installation enforces */
  public PolicyGate(String policyName) {
    this.policyName = policyName;
  }

  /** Reads the policy (and the namespace's labels when a grant selects by label) and decides. */
  public PolicyDecision decide(Context<NetworkDiagnosis> context, NetworkDiagnosis nd) {
    DiagnosisPolicy policy = PolicyInformers.policy(context, policyName).orElse(null);
    String namespace = nd.getMetadata().getNamespace();
    return PolicyRules.decide(policyName, policy, namespace, labelsIfNeeded(context, policy, namespace), nd.getSpec());
  }

  private static Map<String, String> labelsIfNeeded(Context<NetworkDiagnosis> context, DiagnosisPolicy policy,
      String namespace) {
    List<DiagnosisGrant> grants = policy == null || policy.getSpec() == null ? List.of() : policy.getSpec().getGrants();
    boolean byLabel = grants != null && grants.stream()
        .anyMatch(g -> g.getNamespaces() != null && g.getNamespaces().getMatchLabels() != null);
    if (!byLabel) {
      return Map.of();
    }
    return PolicyInformers.namespace(context, namespace)
        .map(ns -> Objects.requireNonNullElse(ns.getMetadata().getLabels(), Map.<String, String>of()))
        .orElse(Map.of());
  }
}
