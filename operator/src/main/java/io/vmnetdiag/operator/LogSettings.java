package io.vmnetdiag.operator;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The log format and level the operator starts with. log4j2.xml reads them from the environment; they are checked
 * here first, before any logger exists, because Log4j takes a bad one silently (an unknown format would leave the
 * operator with no log at all).
 */
final class LogSettings {
  static final String FORMAT = "VMNETDIAG_LOG_FORMAT";
  static final String LEVEL = "VMNETDIAG_LOG_LEVEL";
  /** The appender names in log4j2.xml. */
  static final List<String> FORMATS = List.of("text", "json");
  static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

  private LogSettings() {
  }

  /** @throws IllegalArgumentException naming the variable and the values it takes */
  static void check(Map<String, String> env) {
    String format = env.getOrDefault(FORMAT, "text");
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(FORMAT + "=" + format + " is not a log format: use " + String.join(" or ", FORMATS));
    }
    String level = env.getOrDefault(LEVEL, "info");
    if (!LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(LEVEL + "=" + level + " is not a log level: use one of " + String.join(", ", LEVELS));
    }
  }
}
