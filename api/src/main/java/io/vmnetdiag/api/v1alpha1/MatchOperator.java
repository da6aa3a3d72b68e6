package io.vmnetdiag.api.v1alpha1;

/** How an {@link AlertMatcher} compares a label: Alertmanager's =, !=, =~ and !~. */
public enum MatchOperator {
  Equal, NotEqual, Regex, NotRegex
}
