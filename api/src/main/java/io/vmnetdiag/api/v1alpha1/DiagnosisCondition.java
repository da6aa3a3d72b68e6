package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A Kubernetes-style condition; our own class so every field is described in the schema. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiagnosisCondition {
  @Required
  @JsonPropertyDescription("Ready, a stage (Resolved, Captured, Analyzed), or Reconciling or Stalled (kstatus).")
  private String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  private String status;

  @Required
  @JsonPropertyDescription("Why, as one CamelCase word (such as CaptureRunning, Diagnosed, InvalidSpec).")
  private String reason;

  @JsonPropertyDescription("What happened, for a person.")
  private String message;

  @JsonPropertyDescription("The spec generation the condition was set for.")
  private Long observedGeneration;

  @Required
  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  private String lastTransitionTime;

  public DiagnosisCondition() {
  }

  public DiagnosisCondition(String type, String status, String reason, String message, Long observedGeneration,
      String lastTransitionTime) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
    this.observedGeneration = observedGeneration;
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public String getStatus() { return status; }
  public void setStatus(String status) { this.status = status; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public String getLastTransitionTime() { return lastTransitionTime; }
  public void setLastTransitionTime(String lastTransitionTime) { this.lastTransitionTime = lastTransitionTime; }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiagnosisCondition c && Objects.equals(type, c.type) && Objects.equals(status, c.status)
        && Objects.equals(reason, c.reason) && Objects.equals(message, c.message)
        && Objects.equals(observedGeneration, c.observedGeneration)
        && Objects.equals(lastTransitionTime, c.lastTransitionTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, reason, message, observedGeneration, lastTransitionTime);
  }

  @Override
  public String toString() {
    return type + "=" + status + " (" + reason + ")";
  }
}
