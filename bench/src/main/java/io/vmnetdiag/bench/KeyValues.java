package io.vmnetdiag.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** "key=value" lines, as the bench main and run.sh write them; other lines are ignored. */
public final class KeyValues {
  private final Map<String, String> values;

  private KeyValues(Map<String, String> values) {
    this.values = values;
  }

  /** Reads every "key=value" line; later lines win; never throws. */
  public static KeyValues parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (text != null) {
      for (String line : text.split("\n")) {
        int equals = line.indexOf('=');
        if (equals > 0) {
          values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
        }
      }
    }
    return new KeyValues(values);
  }

  /** The text value, or {@code fallback}. */
  public String text(String key, String fallback) {
    String value = values.get(key);
    return value == null || value.isEmpty() ? fallback : value;
  }

  /** The whole-number value, or -1 when missing or not a number. */
  public long number(String key) {
    try {
      return Long.parseLong(text(key, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The decimal value, or -1 when missing or not a number. */
  public double decimal(String key) {
    try {
      return Double.parseDouble(text(key, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
