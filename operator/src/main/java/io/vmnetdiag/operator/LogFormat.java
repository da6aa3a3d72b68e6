package io.vmnetdiag.operator;

import java.util.Locale;
import java.util.Map;

/**
 * The log format the operator was started with (VMNETDIAG_LOG_FORMAT, read by log4j2.xml), checked before the first
 * logger exists: an unknown name would otherwise silence every log line.
 */
enum LogFormat {
  TEXT, JSON;

  static final String ENV = "VMNETDIAG_LOG_FORMAT";

  /** The format the environment names, text when unset. */
  static LogFormat fromEnvironment(Map<String, String> env) {
    String name = env.getOrDefault(ENV, "text");
    for (LogFormat format : values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(ENV + "=" + name + " is not a log format: use text or json");
  }
}
