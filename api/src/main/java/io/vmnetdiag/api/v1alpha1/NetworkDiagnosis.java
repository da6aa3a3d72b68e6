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

/** A request to find where a virtual machine's packets are lost, and its result. */
@Group(NetworkDiagnosis.GROUP)
@Version(NetworkDiagnosis.VERSION)
@Plural("networkdiagnoses")
@ShortNames("nd")
@Categories(NetworkDiagnosis.CATEGORY)
@JsonClassDescription("A request to find where a virtual machine's packets are lost: the operator captures at every hop"
    + " of the VM's network path on its node at once (uplink, bridge, tap, guest) and writes the verdict, the hop"
    + " where packets stop and why, into the status.")
// Printed in this order (CrdGeneration keeps it); priority 1: only with -o wide.
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.targetName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Verdict", jsonPath = ".status.verdict.reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Location", jsonPath = ".status.verdict.location", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Why the diagnosis is where it is: Diagnosed, or what it waits for or failed on")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.path.node", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Address", jsonPath = ".status.path.vmAddress", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
    getDescription = "The VM's IP address")
@AdditionalPrinterColumn(name = "Window", jsonPath = ".status.window.usedSeconds", type = AdditionalPrinterColumn.Type.NUMBER, priority = 1,
    getDescription = "Seconds the capture window ran")
public class NetworkDiagnosis extends CustomResource<NetworkDiagnosisSpec, NetworkDiagnosisStatus> implements Namespaced {
  public static final String GROUP = "vmnetdiag.io";
  public static final String VERSION = "v1alpha1";
  /** A new value re-runs a finished diagnosis once (status.rerunRequest records the value acted on). */
  public static final String RERUN_ANNOTATION = GROUP + "/rerun";
  /** The category of the project's resources: kubectl get vmnetdiag lists them all. */
  public static final String CATEGORY = "vmnetdiag";

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
