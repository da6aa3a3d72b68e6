package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One earlier run of a diagnosis, as status.history keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PastRun {
  @JsonPropertyDescription("The spec generation the run diagnosed.")
  private Long generation;

  @JsonPropertyDescription("The run's number within its generation (1 for the first).")
  private Long run;

  @JsonPropertyDescription("When the run completed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("The Ready condition's reason when the run ended: Diagnosed, or why it ended without a"
      + " verdict (CaptureFailed, CaptureTimedOut, PolicyDenied, ...).")
  private String outcome;

  @JsonPropertyDescription("The verdict's reason, when the run reached one.")
  private VerdictReason verdict;

  @JsonPropertyDescription("Where the verdict located the loss, when the run reached one.")
  private String location;

  public Long getGeneration() { return generation; }
  public void setGeneration(Long generation) { this.generation = generation; }
  public Long getRun() { return run; }
  public void setRun(Long run) { this.run = run; }
  public String getCompletionTime() { return completionTime; }
  public void setCompletionTime(String completionTime) { this.completionTime = completionTime; }
  public String getOutcome() { return outcome; }
  public void setOutcome(String outcome) { this.outcome = outcome; }
  public VerdictReason getVerdict() { return verdict; }
  public void setVerdict(VerdictReason verdict) { this.verdict = verdict; }
  public String getLocation() { return location; }
  public void setLocation(String location) { this.location = location; }
}
