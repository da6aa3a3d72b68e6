package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
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

  @JsonPropertyDescription("Runs the diagnosis again after each run: a cron expression of five fields, in UTC"
      + " (such as \"0 * * * *\"), or an interval such as \"@every 30m\" (s, m or h; at least 1m) counted from the"
      + " end of the last run. Past verdicts are kept in status.history. Absent: the diagnosis runs once per spec"
      + " generation (and again for each new value of the vmnetdiag.io/rerun annotation).")
  private String schedule;

  @Min(0)
  @JsonPropertyDescription("Deletes a one-shot diagnosis this many seconds after it finished, as a Job's"
      + " ttlSecondsAfterFinished does. Not with a schedule. Leave it unset on a diagnosis a GitOps tool applies: the"
      + " tool would create it again and it would run again.")
  private Integer ttlSecondsAfterFinished;

  public Target getTarget() { return target; }
  public void setTarget(Target target) { this.target = target; }
  public CaptureSpec getCapture() { return capture; }
  public void setCapture(CaptureSpec capture) { this.capture = capture; }
  public RemediationSpec getRemediation() { return remediation; }
  public void setRemediation(RemediationSpec remediation) { this.remediation = remediation; }
  public String getSchedule() { return schedule; }
  public void setSchedule(String schedule) { this.schedule = schedule; }
  public Integer getTtlSecondsAfterFinished() { return ttlSecondsAfterFinished; }
  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }
}
