package io.vmnetdiag.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.v1alpha1.AlertMatcher;
import io.vmnetdiag.api.v1alpha1.MatchOperator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Alertmanager's matcher semantics: =, !=, =~, !~; anchored regexes; a missing label is the empty string. */
class AlertMatchersTest {
  private final AlertMatchers matchers = new AlertMatchers();
  private final Map<String, String> labels = Map.of("alertname", "VmProbeFailed", "severity", "critical");

  @ParameterizedTest(name = "{0} {1} ''{2}'' -> {3}")
  @CsvSource(delimiter = ';', value = {
      "alertname;Equal;VmProbeFailed;true",
      "alertname;Equal;VmProbe;false",
      "alertname;NotEqual;VmProbeFailed;false",
      "alertname;NotEqual;Other;true",
      "severity;Regex;warning|critical;true",
      "severity;Regex;crit;false",
      "severity;Regex;crit.*;true",
      "severity;NotRegex;info|warning;true",
      "severity;NotRegex;critical;false",
      "team;Equal;;true",
      "team;NotEqual;;false",
      "team;Regex;.*;true",
      "team;Regex;.+;false",
  })
  void matchesAsAlertmanagerDoes(String name, MatchOperator operator, String value, boolean expected)
      throws Exception {
    assertThat(matchers.matches(List.of(matcher(name, operator, value == null ? "" : value)), labels))
        .isEqualTo(expected);
  }

  @Test
  void everyMatcherMustHold() throws Exception {
    assertThat(matchers.matches(List.of(matcher("alertname", MatchOperator.Equal, "VmProbeFailed"),
        matcher("severity", MatchOperator.Equal, "warning")), labels)).isFalse();
  }

  @Test
  void noMatchersMatchNothing() throws Exception {
    assertThat(matchers.matches(List.of(), labels)).isFalse();
  }

  @Test
  void aRegexThatDoesNotCompileIsReported() {
    assertThatThrownBy(() -> matchers.matches(List.of(matcher("severity", MatchOperator.Regex, "(crit")), labels))
        .isInstanceOf(AlertMatchers.InvalidMatcher.class).hasMessageContaining("(crit");
  }

  private static AlertMatcher matcher(String name, MatchOperator operator, String value) {
    AlertMatcher matcher = new AlertMatcher();
    matcher.setName(name);
    matcher.setOperator(operator);
    matcher.setValue(value);
    return matcher;
  }
}
