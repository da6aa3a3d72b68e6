package io.vmnetdiag.lab.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the KEY=VALUE lines the lab scripts print; lines without '=' are ignored, never rejected. */
public final class KeyValueLines {
  private KeyValueLines() {}

  public static Map<String, String> parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (text == null) {
      return values;
    }
    for (String line : text.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return Collections.unmodifiableMap(values);
  }
}
