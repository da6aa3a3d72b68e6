package io.vmnetdiag.operator.alerts;

import io.vmnetdiag.api.v1alpha1.AlertMatcher;
import io.vmnetdiag.api.v1alpha1.MatchOperator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Alertmanager's label matching: every matcher must hold, a missing label is the empty string, and regexes are
 * anchored at both ends. Compiled patterns are kept, since a storm matches the same few triggers thousands of times.
 */
final class AlertMatchers {
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  /** A trigger whose matcher cannot be compiled. */
  static final class InvalidMatcher extends Exception {
    InvalidMatcher(String message) {
      super(message);
    }
  }

  boolean matches(List<AlertMatcher> matchers, Map<String, String> labels) throws InvalidMatcher {
    if (matchers == null || matchers.isEmpty()) {
      return false; // the schema requires one; a trigger without any must not match every alert
    }
    for (AlertMatcher matcher : matchers) {
      if (!holds(matcher, Objects.requireNonNullElse(labels.get(matcher.getName()), ""))) {
        return false;
      }
    }
    return true;
  }

  private boolean holds(AlertMatcher matcher, String actual) throws InvalidMatcher {
    String value = Objects.requireNonNullElse(matcher.getValue(), "");
    MatchOperator operator = Objects.requireNonNullElse(matcher.getOperator(), MatchOperator.Equal);
    return switch (operator) {
      case Equal -> actual.equals(value);
      case NotEqual -> !actual.equals(value);
      case Regex -> pattern(value).matcher(actual).matches();
      case NotRegex -> !pattern(value).matcher(actual).matches();
    };
  }

  private Pattern pattern(String regex) throws InvalidMatcher {
    Pattern cached = patterns.get(regex);
    if (cached != null) {
      return cached;
    }
    Pattern compiled = compile(regex);
    patterns.put(regex, compiled);
    return compiled;
  }

  /** Compiles one regex as matching does; also how a trigger is validated when it changes. */
  static Pattern compile(String regex) throws InvalidMatcher {
    try {
      // matches() anchors both ends, as Alertmanager's ^(?:regex)$.
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new InvalidMatcher("regex '" + regex + "' does not compile: " + e.getDescription());
    }
  }
}
