package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Why a matched alert started no diagnosis, when retrying cannot help. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerRefusal {
  @JsonPropertyDescription("Refused (the API server refused the diagnosis: admission, the DiagnosisPolicy, the"
      + " schema), InvalidTrigger (a matcher does not compile) or MissingLabels (the alert lacks a VM label).")
  private String reason;

  @JsonPropertyDescription("The refusal as the receiver answered it to Alertmanager.")
  private String message;

  @JsonPropertyDescription("Fingerprint of the refused alert.")
  private String fingerprint;

  @JsonPropertyDescription("When it was refused (RFC 3339).")
  private String time;

  public TriggerRefusal() {
  }

  public TriggerRefusal(String reason, String message, String fingerprint, String time) {
    this.reason = reason;
    this.message = message;
    this.fingerprint = fingerprint;
    this.time = time;
  }

  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getFingerprint() { return fingerprint; }
  public void setFingerprint(String fingerprint) { this.fingerprint = fingerprint; }
  public String getTime() { return time; }
  public void setTime(String time) { this.time = time; }
}
