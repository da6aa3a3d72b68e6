package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** What to diagnose and how. */
public class NetworkDiagnosisSpec {
  @Required
  @JsonPropertyDescription("The virtual machine whose network path is diagnosed: exactly one of libvirt or kubevirt.")
  private Target target;

  @Default("{}")
  @JsonPropertyDescription("How packets are captured at each hop of the VM's path.")
  private CaptureSpec capture = new CaptureSpec();

  @Default("{}")
  @JsonPropertyDescription("Whether the operator may repair the guest after a verdict that calls for it.")
  private RemediationSpec remediation = new RemediationSpec();

  public Target getTarget() { return target; }
  public void setTarget(Target target) { this.target = target; }
  public CaptureSpec getCapture() { return capture; }
  public void setCapture(CaptureSpec capture) { this.capture = capture; }
  public RemediationSpec getRemediation() { return remediation; }
  public void setRemediation(RemediationSpec remediation) { this.remediation = remediation; }
}
