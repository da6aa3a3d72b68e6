package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One label matcher, as Alertmanager's: name, operator, value. */
public class AlertMatcher {
  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The alert label, such as alertname.")
  private String name;

  @Default("Equal")
  @JsonPropertyDescription("Equal (=), NotEqual (!=), Regex (=~) or NotRegex (!~). Regexes are anchored at both"
      + " ends, as in Alertmanager.")
  private MatchOperator operator = MatchOperator.Equal;

  @Size(max = 1024)
  @JsonPropertyDescription("The value, or the regular expression. Empty matches a missing label.")
  private String value = "";

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public MatchOperator getOperator() { return operator; }
  public void setOperator(MatchOperator operator) { this.operator = operator; }
  public String getValue() { return value; }
  public void setValue(String value) { this.value = value; }
}
