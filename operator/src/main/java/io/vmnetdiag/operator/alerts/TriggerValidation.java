package io.vmnetdiag.operator.alerts;

import io.vmnetdiag.api.v1alpha1.AlertMatcher;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.MatchOperator;
import io.vmnetdiag.api.v1alpha1.TriggerTarget;
import java.util.Objects;

/**
 * Whether a trigger can work at all, judged when it changes (not when an alert arrives): its matchers compile and
 * its target names the labels of its VM. The schema holds most of this; what it cannot say (a regex) is checked here.
 */
final class TriggerValidation {
  static final String INVALID_MATCHER = "InvalidMatcher";
  static final String INVALID_TARGET = "InvalidTarget";

  /** Why a trigger cannot work: a condition reason and a message for a person. */
  record Problem(String reason, String message) {
  }

  private TriggerValidation() {
  }

  /** The trigger's problem, or null when it is valid. */
  static Problem check(DiagnosisTrigger trigger) {
    if (trigger.getSpec() == null || trigger.getSpec().getMatchers() == null
        || trigger.getSpec().getMatchers().isEmpty()) {
      return new Problem(INVALID_MATCHER, "spec.matchers is empty: the trigger would match no alert");
    }
    int index = 0;
    for (AlertMatcher matcher : trigger.getSpec().getMatchers()) {
      MatchOperator operator = Objects.requireNonNullElse(matcher.getOperator(), MatchOperator.Equal);
      if (operator == MatchOperator.Regex || operator == MatchOperator.NotRegex) {
        try {
          AlertMatchers.compile(Objects.requireNonNullElse(matcher.getValue(), ""));
        } catch (AlertMatchers.InvalidMatcher e) {
          return new Problem(INVALID_MATCHER, "spec.matchers[" + index + "]: " + e.getMessage());
        }
      }
      index++;
    }
    TriggerTarget target = trigger.getSpec().getTarget();
    if (target == null || (target.getKubevirt() != null) == (target.getLibvirt() != null)) {
      return new Problem(INVALID_TARGET, "set exactly one of spec.target.libvirt or spec.target.kubevirt");
    }
    if (target.getKubevirt() != null && (blank(target.getKubevirt().getNamespaceLabel())
        || blank(target.getKubevirt().getNameLabel()))) {
      return new Problem(INVALID_TARGET, "spec.target.kubevirt needs namespaceLabel and nameLabel");
    }
    if (target.getLibvirt() != null && (blank(target.getLibvirt().getNodeLabel())
        || blank(target.getLibvirt().getDomainLabel()))) {
      return new Problem(INVALID_TARGET, "spec.target.libvirt needs nodeLabel and domainLabel");
    }
    return null;
  }

  private static boolean blank(String label) {
    return label == null || label.isBlank();
  }
}
