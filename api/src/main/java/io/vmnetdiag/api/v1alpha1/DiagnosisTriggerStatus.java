package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** What the operator thinks of a trigger (conditions) and what the trigger did (its last alert, diagnosis, refusal). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiagnosisTriggerStatus {
  @JsonPropertyDescription("Ready (True: the matchers compile and the target names its VM labels) and, only while"
      + " True, Stalled (the trigger is invalid and matches nothing until fixed), as kstatus reads them.")
  private List<DiagnosisCondition> conditions = new ArrayList<>();

  @Min(0)
  @JsonPropertyDescription("The spec generation the conditions were computed for.")
  private Long observedGeneration;

  @JsonPropertyDescription("The last firing alert this trigger matched.")
  private TriggerAlert lastAlert;

  @JsonPropertyDescription("Name of the last NetworkDiagnosis this trigger created, in its namespace.")
  private String lastDiagnosis;

  @JsonPropertyDescription("The last alert this trigger refused to act on, and why.")
  private TriggerRefusal lastRefusal;

  @JsonPropertyDescription("What the alerts this trigger matched led to, counted since the trigger was created.")
  private TriggerCounts counts;

  public List<DiagnosisCondition> getConditions() { return conditions; }
  public void setConditions(List<DiagnosisCondition> conditions) { this.conditions = conditions; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public TriggerAlert getLastAlert() { return lastAlert; }
  public void setLastAlert(TriggerAlert lastAlert) { this.lastAlert = lastAlert; }
  public String getLastDiagnosis() { return lastDiagnosis; }
  public void setLastDiagnosis(String lastDiagnosis) { this.lastDiagnosis = lastDiagnosis; }
  public TriggerRefusal getLastRefusal() { return lastRefusal; }
  public void setLastRefusal(TriggerRefusal lastRefusal) { this.lastRefusal = lastRefusal; }
  public TriggerCounts getCounts() { return counts; }
  public void setCounts(TriggerCounts counts) { this.counts = counts; }
}
