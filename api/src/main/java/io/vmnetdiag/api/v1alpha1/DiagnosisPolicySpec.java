package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The grants of a DiagnosisPolicy; together they are everything tenants may diagnose. */
public class DiagnosisPolicySpec {
  @Size(max = 256)
  @JsonPropertyDescription("Grants, each for a set of namespaces. Grants only ever add: a diagnosis needs one grant"
      + " that allows all of it. Empty: no namespace may diagnose anything.")
  private List<DiagnosisGrant> grants = new ArrayList<>();

  public List<DiagnosisGrant> getGrants() { return grants; }
  public void setGrants(List<DiagnosisGrant> grants) { this.grants = grants; }
}
