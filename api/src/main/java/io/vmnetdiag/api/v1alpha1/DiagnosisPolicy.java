package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The administrator's word on who may diagnose what: cluster-scoped, read by the operator and by the chart's
 * ValidatingAdmissionPolicy. An installation enforces the one policy its chart names (policy.name).
 */
@Group(NetworkDiagnosis.GROUP)
@Version(NetworkDiagnosis.VERSION)
@Plural("diagnosispolicies")
@ShortNames("dpol")
@Categories(NetworkDiagnosis.CATEGORY)
@JsonClassDescription("The administrator's word on who may diagnose which virtual machines: namespaces, libvirt nodes"
    + " and domains, and the capture capabilities allowed. An installation enforces the one policy its chart names.")
public class DiagnosisPolicy extends CustomResource<DiagnosisPolicySpec, Void> {
  /** The policy an installation enforces unless its chart names another. */
  public static final String DEFAULT_NAME = "default";

  @Override
  @JsonPropertyDescription("The grants: which namespaces may diagnose which libvirt nodes and domains, with which"
      + " capabilities. A diagnosis is admitted when one grant selects its namespace, names its node and domain, and"
      + " allows every capability it asks for; a namespace no grant selects may diagnose nothing.")
  public DiagnosisPolicySpec getSpec() {
    return super.getSpec();
  }
}
