package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Why an earlier capture attempt of the observed generation ended, when a transient cause started another. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AttemptFailure {
  @JsonPropertyDescription("The attempt that ended, from 1.")
  private Integer attempt;

  @JsonPropertyDescription("Why, as one CamelCase word (such as Evicted, NodeNotReady, CapturePodDeleted).")
  private String reason;

  @JsonPropertyDescription("What happened, for a person.")
  private String message;

  @JsonPropertyDescription("When the operator saw the attempt end (RFC 3339); the next attempt starts after a backoff from it.")
  private String time;

  public AttemptFailure() {
  }

  public AttemptFailure(Integer attempt, String reason, String message, String time) {
    this.attempt = attempt;
    this.reason = reason;
    this.message = message;
    this.time = time;
  }

  public Integer getAttempt() { return attempt; }
  public void setAttempt(Integer attempt) { this.attempt = attempt; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getTime() { return time; }
  public void setTime(String time) { this.time = time; }
}
