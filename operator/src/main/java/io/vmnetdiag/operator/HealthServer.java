package io.vmnetdiag.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.operator.metrics.OperatorMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The operator's HTTP port. Liveness and readiness for the kubelet: /healthz answers while the process runs; /readyz
 * once the operator started and every informer is healthy; /metrics, when served, for Prometheus. A standby replica waiting for the leader lease is
 * ready too: it is doing its job, and rollouts must be able to count it before the old leader goes.
 */
public final class HealthServer implements AutoCloseable {
  /** The Prometheus text format's content type. */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private final HttpServer server;

  /**
   * @param standbyIsReady true with leader election: not having started yet means waiting for the lease
   */
  public HealthServer(Operator operator, int port, boolean standbyIsReady) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on health port " + port, e);
    }
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok"));
    server.createContext("/readyz", exchange -> {
      var runtime = operator.getRuntimeInfo();
      if (!runtime.isStarted()) {
        respond(exchange, standbyIsReady ? 200 : 503, standbyIsReady ? "standby: waiting for the leader lease" : "not started");
      } else if (!runtime.allEventSourcesAreHealthy()) {
        respond(exchange, 503, "unhealthy event sources: " + runtime.unhealthyEventSources().keySet());
      } else {
        respond(exchange, 200, "ready");
      }
    });
  }

  /** Serves the Prometheus text exposition of {@code metrics} at /metrics. */
  public HealthServer serveMetrics(OperatorMetrics metrics) {
    server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape()));
    return this;
  }

  public HealthServer start() {
    server.start();
    return this;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    respond(exchange, status, "text/plain; charset=utf-8", body + "\n");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    HttpReply.send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
