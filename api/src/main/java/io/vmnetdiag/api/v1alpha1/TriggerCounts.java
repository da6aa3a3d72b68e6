package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Matched alerts by outcome, cumulative over the trigger's life and every operator replica. */
public class TriggerCounts {
  @Min(0)
  @JsonPropertyDescription("Alerts that created a diagnosis.")
  private long created;

  @Min(0)
  @JsonPropertyDescription("Repeated deliveries of an alert that already created one (Alertmanager HA, retries).")
  private long duplicate;

  @Min(0)
  @JsonPropertyDescription("Alerts held back because the VM's last diagnosis still ran or its cooldown had not passed.")
  private long coolingDown;

  @Min(0)
  @JsonPropertyDescription("Alerts refused (see lastRefusal): retrying cannot help.")
  private long refused;

  @Min(0)
  @JsonPropertyDescription("Alerts answered 503 or 500 (rate limit, API failure): Alertmanager retries them.")
  private long deferred;

  public long getCreated() { return created; }
  public void setCreated(long created) { this.created = created; }
  public long getDuplicate() { return duplicate; }
  public void setDuplicate(long duplicate) { this.duplicate = duplicate; }
  public long getCoolingDown() { return coolingDown; }
  public void setCoolingDown(long coolingDown) { this.coolingDown = coolingDown; }
  public long getRefused() { return refused; }
  public void setRefused(long refused) { this.refused = refused; }
  public long getDeferred() { return deferred; }
  public void setDeferred(long deferred) { this.deferred = deferred; }
}
