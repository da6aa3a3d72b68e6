package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Namespaces by name or by labels: a namespace matches when either says so. */
@ValidationRule(value = "has(self.names) || has(self.matchLabels)",
    message = "namespaces needs names or matchLabels (matchLabels: {} selects every namespace)")
public class NamespaceMatch {
  @Size(max = 256)
  @JsonPropertyDescription("Namespaces by exact name.")
  private List<String> names;

  @JsonPropertyDescription("Namespaces carrying all these labels (as a label selector's matchLabels); {} selects"
      + " every namespace. Tenants must not be able to label their own namespaces.")
  private Map<String, String> matchLabels;

  public List<String> getNames() { return names; }
  public void setNames(List<String> names) { this.names = names; }
  public Map<String, String> getMatchLabels() { return matchLabels; }
  public void setMatchLabels(Map<String, String> matchLabels) { this.matchLabels = matchLabels; }
}
