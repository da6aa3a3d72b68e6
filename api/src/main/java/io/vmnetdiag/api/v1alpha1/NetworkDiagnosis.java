package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A request to find where a virtual machine's packets are lost, and its result. */
@Group(NetworkDiagnosis.GROUP)
@Version(NetworkDiagnosis.VERSION)
@Plural("networkdiagnoses")
@ShortNames("nd")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.targetName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Verdict", jsonPath = ".status.verdict.reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Location", jsonPath = ".status.verdict.location", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class NetworkDiagnosis extends CustomResource<NetworkDiagnosisSpec, NetworkDiagnosisStatus> implements Namespaced {
  public static final String GROUP = "vmnetdiag.io";
  public static final String VERSION = "v1alpha1";
  /** A new value re-runs a finished diagnosis once (status.rerunRequest records the value acted on). */
  public static final String RERUN_ANNOTATION = GROUP + "/rerun";

  // Overridden only to describe spec and status themselves, which kubectl explain shows too.
  @Override
  @JsonPropertyDescription("What to diagnose and how: the virtual machine, how its packets are captured, and"
      + " whether the operator may repair it.")
  public NetworkDiagnosisSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("The result, written by the operator: conditions, the resolved path, what each hop"
      + " saw, and the verdict.")
  public NetworkDiagnosisStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected NetworkDiagnosisStatus initStatus() {
    return new NetworkDiagnosisStatus();
  }
}
