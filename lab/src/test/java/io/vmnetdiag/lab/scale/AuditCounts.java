package io.vmnetdiag.lab.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One client's API requests, from the API server's audit log (JSON lines, one event per stage): each request once
 * (by audit ID: a watch logs when it starts and when it ends), counted by verb and resource (with subresource).
 */
final class AuditCounts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditCounts() {
  }

  /** Requests whose user agent starts with {@code userAgent}, by "verb resource[/subresource]", sorted. */
  static Map<String, Long> count(List<String> lines, String userAgent) {
    Map<String, Long> counts = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event;
      try {
        event = JSON.readTree(line);
      } catch (Exception e) {
        continue; // the last line may still be being written
      }
      if (!event.path("userAgent").asText().startsWith(userAgent) || !seen.add(event.path("auditID").asText())) {
        continue;
      }
      counts.merge(event.path("verb").asText() + " " + resource(event), 1L, Long::sum);
    }
    return counts;
  }

  private static String resource(JsonNode event) {
    JsonNode ref = event.get("objectRef");
    if (ref == null || ref.path("resource").asText().isEmpty()) {
      String uri = event.path("requestURI").asText();
      int query = uri.indexOf('?');
      return query < 0 ? uri : uri.substring(0, query);
    }
    String subresource = ref.path("subresource").asText();
    return ref.path("resource").asText() + (subresource.isEmpty() ? "" : "/" + subresource);
  }
}
