package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The DiagnosisTrigger and the alert that created a diagnosis (copied from its annotations). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerReference {
  @JsonPropertyDescription("Name of the DiagnosisTrigger, in the diagnosis' namespace.")
  private String name;

  @JsonPropertyDescription("Alertmanager's fingerprint of the alert.")
  private String alertFingerprint;

  @JsonPropertyDescription("When the alert started firing (RFC 3339), as Alertmanager sent it.")
  private String alertStartsAt;

  public TriggerReference() {
  }

  public TriggerReference(String name, String alertFingerprint, String alertStartsAt) {
    this.name = name;
    this.alertFingerprint = alertFingerprint;
    this.alertStartsAt = alertStartsAt;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getAlertFingerprint() { return alertFingerprint; }
  public void setAlertFingerprint(String alertFingerprint) { this.alertFingerprint = alertFingerprint; }
  public String getAlertStartsAt() { return alertStartsAt; }
  public void setAlertStartsAt(String alertStartsAt) { this.alertStartsAt = alertStartsAt; }
}
