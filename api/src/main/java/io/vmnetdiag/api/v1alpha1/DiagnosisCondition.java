package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.vmnetdiag.api.crd.SchemaMerge;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A Kubernetes-style condition; our own class so every field is described in the schema. Its fields carry
 * metav1.Condition's constraints (patterns, lengths, the status enum, the date-time format), so tools that
 * read conditions generically meet what they expect.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Neither an enum nor a format can be said by annotation on a String field: the schema is patched here.
@SchemaCustomizer(value = SchemaMerge.class, input = """
    {"properties": {
      "status": {"enum": ["True", "False", "Unknown"]},
      "lastTransitionTime": {"format": "date-time"},
      "observedGeneration": {"format": "int64"}}}""")
public class DiagnosisCondition {
  /** metav1.Condition's limit on a message; longer ones are cut (see {@link #truncateMessage}). */
  public static final int MESSAGE_MAX_LENGTH = 32768;

  @Required
  @Size(max = 316)
  @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
  @JsonPropertyDescription("Ready, a stage (Resolved, Captured, Analyzed), or Reconciling or Stalled (kstatus).")
  private String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  private String status;

  @Required
  @Size(min = 1, max = 1024)
  @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
  @JsonPropertyDescription("Why, as one CamelCase word (such as CaptureRunning, Diagnosed, InvalidSpec).")
  private String reason;

  @Required
  @Size(max = MESSAGE_MAX_LENGTH)
  @JsonPropertyDescription("What happened, for a person; may be empty.")
  private String message;

  @Min(0)
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

  /** The message as the schema admits it: empty for none, and cut to {@link #MESSAGE_MAX_LENGTH} characters. */
  public static String truncateMessage(String message) {
    if (message == null) {
      return "";
    }
    if (message.length() <= MESSAGE_MAX_LENGTH) {
      return message;
    }
    String marker = " [...]";
    int end = MESSAGE_MAX_LENGTH - marker.length();
    if (Character.isLowSurrogate(message.charAt(end))) {
      end--; // never split a character
    }
    return message.substring(0, end) + marker;
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
