package io.vmnetdiag.api.v1alpha1;

/** Whether a grant allows a capability. */
public enum CapabilityMode {
  Allowed,
  Disabled
}
