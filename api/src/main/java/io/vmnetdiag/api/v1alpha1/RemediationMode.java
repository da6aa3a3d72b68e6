package io.vmnetdiag.api.v1alpha1;

/** Remediation modes. */
public enum RemediationMode {
  Disabled,
  DryRun,
  Enabled
}
