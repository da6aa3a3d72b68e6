package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Whether the operator repairs the guest. */
public class RemediationSpec {
  @Default("Disabled")
  @JsonPropertyDescription("Disabled: diagnose only. DryRun: say what would be done. Enabled: restart the guest NIC when the verdict calls for it, then capture again to verify.")
  private RemediationMode mode = RemediationMode.Disabled;

  public RemediationMode getMode() { return mode; }
  public void setMode(RemediationMode mode) { this.mode = mode; }
}
