package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An alert a trigger matched. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerAlert {
  @JsonPropertyDescription("Alertmanager's fingerprint of the alert.")
  private String fingerprint;

  @JsonPropertyDescription("When the alert started firing (RFC 3339), as Alertmanager sent it.")
  private String startsAt;

  @JsonPropertyDescription("When the operator received it (RFC 3339).")
  private String receivedAt;

  public TriggerAlert() {
  }

  public TriggerAlert(String fingerprint, String startsAt, String receivedAt) {
    this.fingerprint = fingerprint;
    this.startsAt = startsAt;
    this.receivedAt = receivedAt;
  }

  public String getFingerprint() { return fingerprint; }
  public void setFingerprint(String fingerprint) { this.fingerprint = fingerprint; }
  public String getStartsAt() { return startsAt; }
  public void setStartsAt(String startsAt) { this.startsAt = startsAt; }
  public String getReceivedAt() { return receivedAt; }
  public void setReceivedAt(String receivedAt) { this.receivedAt = receivedAt; }
}
