package io.vmnetdiag.operator.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.DiagnosisGrant;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's own enforcement of the DiagnosisPolicy, early in every reconcile: admission may be bypassed
 * (no binding installed, a policy changed since), the operator is not.
 */
public final class PolicyGate {
  private final String policyName;

  /** @param policyName the one DiagnosisPolicy this installation enforces */
  public PolicyGate(String policyName) {
    this.policyName = policyName;
  }

  /** Reads the policy (and the namespace's labels when a grant selects by label) and decides. */
  public PolicyDecision decide(KubernetesClient client, NetworkDiagnosis nd) {
    DiagnosisPolicy policy = client.resources(DiagnosisPolicy.class).withName(policyName).get();
    String namespace = nd.getMetadata().getNamespace();
    return PolicyRules.decide(policyName, policy, namespace, labelsIfNeeded(client, policy, namespace), nd.getSpec());
  }

  private static Map<String, String> labelsIfNeeded(KubernetesClient client, DiagnosisPolicy policy, String namespace) {
    List<DiagnosisGrant> grants = policy == null || policy.getSpec() == null ? List.of() : policy.getSpec().getGrants();
    boolean byLabel = grants != null && grants.stream()
        .anyMatch(g -> g.getNamespaces() != null && g.getNamespaces().getMatchLabels() != null);
    if (!byLabel) {
      return Map.of();
    }
    Namespace ns = client.namespaces().withName(namespace).get();
    return ns == null ? Map.of() : Objects.requireNonNullElse(ns.getMetadata().getLabels(), Map.of());
  }
}
