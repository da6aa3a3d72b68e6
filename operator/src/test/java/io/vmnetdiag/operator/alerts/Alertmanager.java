package io.vmnetdiag.operator.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plays Alertmanager's webhook notifier: builds version-4 messages shaped as notify/webhook sends them (template
 * data plus version, groupKey, truncatedAlerts; fingerprints are hashes of the label set) and POSTs them over HTTP.
 */
public final class Alertmanager {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI url;
  private final String token;

  public Alertmanager(int port, String token) {
    this.url = URI.create("http://127.0.0.1:" + port + AlertReceiver.PATH);
    this.token = token;
  }

  /** One alert as Alertmanager holds it. */
  public record Alert(String status, Map<String, String> labels, Instant startsAt) {
    public static Alert firing(Map<String, String> labels, Instant startsAt) {
      return new Alert("firing", labels, startsAt);
    }

    public Alert resolved() {
      return new Alert("resolved", labels, startsAt);
    }

    /** Alertmanager's fingerprint is a hash of the label set: the same labels, the same fingerprint. */
    public String fingerprint() {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256")
            .digest(new TreeMap<>(labels).toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A response: its status and body. */
  public record Response(int status, JsonNode body, HttpResponse<String> raw) {
    /** The outcome of each alert result, in order. */
    public List<String> outcomes() {
      List<String> outcomes = new ArrayList<>();
      body.path("alerts").forEach(a -> outcomes.add(a.path("outcome").asText()));
      return outcomes;
    }
  }

  /** The webhook message of one group, as Alertmanager renders it. */
  public static String message(String receiver, Map<String, String> groupLabels, List<Alert> alerts) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("receiver", receiver);
    message.put("status", alerts.stream().anyMatch(a -> a.status().equals("firing")) ? "firing" : "resolved");
    List<Map<String, Object>> rendered = new ArrayList<>();
    for (Alert alert : alerts) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("status", alert.status());
      a.put("labels", alert.labels());
      a.put("annotations", Map.of("summary", "probe to " + alert.labels().getOrDefault("instance", "?") + " failed"));
      a.put("startsAt", alert.startsAt().toString());
      a.put("endsAt", alert.status().equals("resolved") ? alert.startsAt().plusSeconds(300).toString()
          : "0001-01-01T00:00:00Z");
      a.put("generatorURL", "http://prometheus.example:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1");
      a.put("fingerprint", alert.fingerprint());
      rendered.add(a);
    }
    message.put("alerts", rendered);
    message.put("groupLabels", groupLabels);
    message.put("commonLabels", groupLabels);
    message.put("commonAnnotations", Map.of());
    message.put("externalURL", "http://alertmanager.example:9093");
    message.put("version", "4");
    message.put("groupKey", "{}:" + new TreeMap<>(groupLabels));
    message.put("truncatedAlerts", 0);
    try {
      return JSON.writeValueAsString(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response post(String body) {
    return post(body, token);
  }

  public Response post(String body, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("User-Agent", "Alertmanager/0.27.0")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Response(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Posts the bodies from eight threads at once, as a busy Alertmanager pair would; the answers in body order. */
  public List<Response> storm(List<String> bodies) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Response>> futures = new ArrayList<>();
      for (String body : bodies) {
        futures.add(pool.submit(() -> post(body)));
      }
      List<Response> responses = new ArrayList<>();
      for (Future<Response> future : futures) {
        responses.add(future.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }
}
