package io.vmnetdiag.lab.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One client's API requests, from the API server's audit log (JSON lines, one event per stage): each request once
 * (by audit ID: a watch logs when it starts and when it ends), counted by verb and resource (with subresource), and
 * the time the server took to answer them (received to response complete; watches left out: they last).
 *
 * @param requests requests by "verb resource[/subresource]", sorted
 * @param millis the server's time answering them, in all, by the same key
 */
record AuditCounts(Map<String, Long> requests, Map<String, Double> millis) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The requests whose user agent starts with {@code userAgent}. */
  static AuditCounts of(List<String> lines, String userAgent) {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, Double> millis = new TreeMap<>();
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
      if (!event.path("userAgent").asText().startsWith(userAgent)) {
        continue;
      }
      String key = event.path("verb").asText() + " " + resource(event);
      if (seen.add(event.path("auditID").asText())) {
        counts.merge(key, 1L, Long::sum);
      }
      if ("ResponseComplete".equals(event.path("stage").asText()) && !"watch".equals(event.path("verb").asText())
          && event.hasNonNull("requestReceivedTimestamp") && event.hasNonNull("stageTimestamp")) {
        Duration took = Duration.between(Instant.parse(event.get("requestReceivedTimestamp").asText()),
            Instant.parse(event.get("stageTimestamp").asText()));
        millis.merge(key, took.toNanos() / 1e6, Double::sum);
      }
    }
    return new AuditCounts(counts, millis);
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
