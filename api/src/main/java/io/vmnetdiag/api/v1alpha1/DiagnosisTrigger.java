package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Which Alertmanager alerts start a NetworkDiagnosis in this namespace, for which VM, and how it captures. The
 * operator's alert receiver reads triggers live; what they create obeys the DiagnosisPolicy like any diagnosis.
 */
@Group(NetworkDiagnosis.GROUP)
@Version(NetworkDiagnosis.VERSION)
@Plural("diagnosistriggers")
@ShortNames("dtrig")
@Categories(NetworkDiagnosis.CATEGORY)
@JsonClassDescription("Which Alertmanager alerts start a NetworkDiagnosis in this namespace, for which VM, and how it"
    + " captures. Read live by the operator's alert receiver; what it creates obeys the DiagnosisPolicy.")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Last alert", jsonPath = ".status.lastAlert.receivedAt", type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "When the trigger last matched a firing alert")
@AdditionalPrinterColumn(name = "Created", jsonPath = ".status.counts.created", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Diagnoses the trigger created")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class DiagnosisTrigger extends CustomResource<DiagnosisTriggerSpec, DiagnosisTriggerStatus> implements Namespaced {
  @Override
  @JsonPropertyDescription("The alerts that start a diagnosis (label matchers), how their labels name the VM, and"
      + " the capture every such diagnosis runs. Diagnoses are created in this trigger's namespace.")
  public DiagnosisTriggerSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Written by the operator: whether the trigger is valid (conditions), the last alert it"
      + " matched, the last diagnosis it created, its last refusal, and counts of what its alerts led to.")
  public DiagnosisTriggerStatus getStatus() {
    return super.getStatus();
  }
}
