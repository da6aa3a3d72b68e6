package io.vmnetdiag.operator.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLParameters;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.HttpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's webhook receiver (POST {@value #PATH}): authenticates, reads the payload, and lets the
 * {@link AlertHandler} start diagnoses. It runs on every replica, leader or not: creating a diagnosis needs no
 * lease, and deterministic names make replicas agree. DiagnosisTriggers and alert-started diagnoses are read from
 * informers, so a changed trigger applies to the next alert.
 */
public final class AlertReceiver implements AutoCloseable {
  public static final String PATH = "/alerts";
  private static final Logger log = LoggerFactory.getLogger(AlertReceiver.class);
  private static final int THREADS = 4;

  private final ObjectMapper json = new ObjectMapper();
  private final PayloadReader reader = new PayloadReader();
  private final List<SharedIndexInformer<DiagnosisTrigger>> triggerInformers = new ArrayList<>();
  private final List<SharedIndexInformer<NetworkDiagnosis>> diagnosisInformers = new ArrayList<>();
  private final BearerToken token;
  private final TokenBucket bucket;
  private final AlertHandler handler;
  private final TriggerStatusWriter status;
  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean mutualTls;

  /** @param namespaces the namespaces the operator serves; empty: all */
  public AlertReceiver(KubernetesClient client, Set<String> namespaces, AlertSettings settings, Clock clock) {
    this.token = new BearerToken(settings.tokenFile());
    this.bucket = new TokenBucket(settings.createsPerSecond(), settings.burst(), System::nanoTime);
    VmHistory history = new VmHistory(key -> diagnosisInformers.stream()
        .flatMap(i -> i.getIndexer().byIndex(VmHistory.INDEX, key).stream()).toList());
    this.status = new TriggerStatusWriter(client, key -> triggerInformers.stream()
        .map(i -> i.getStore().getByKey(key)).filter(java.util.Objects::nonNull).findFirst().orElse(null), clock,
        System::nanoTime);
    this.handler = new AlertHandler(client, () -> triggerInformers.stream()
        .flatMap(i -> i.getStore().list().stream()).toList(), history, bucket, clock, status);
    for (String namespace : namespaces.isEmpty() ? Set.of("") : namespaces) {
      var triggers = client.resources(DiagnosisTrigger.class);
      var diagnoses = client.resources(NetworkDiagnosis.class);
      SharedIndexInformer<NetworkDiagnosis> diagnosisInformer = (namespace.isEmpty()
          ? diagnoses.inAnyNamespace().withLabel(AlertDiagnoses.LABEL_VM)
          : diagnoses.inNamespace(namespace).withLabel(AlertDiagnoses.LABEL_VM)).runnableInformer(0);
      diagnosisInformer.addIndexers(Map.of(VmHistory.INDEX, VmHistory::indexOf));
      diagnosisInformers.add(diagnosisInformer);
      SharedIndexInformer<DiagnosisTrigger> triggerInformer = (namespace.isEmpty() ? triggers.inAnyNamespace()
          : triggers.inNamespace(namespace)).runnableInformer(0);
      // A trigger is judged when it changes, so a broken one shows Stalled before any alert.
      triggerInformer.addEventHandler(new TriggerChanges(status));
      triggerInformers.add(triggerInformer);
    }
    ReceiverTls tls = settings.tlsDirectory() == null ? null : ReceiverTls.load(settings.tlsDirectory());
    // With mTLS the handshake authenticates the client; otherwise the bearer token does.
    this.mutualTls = tls != null && tls.mutual();
    if (!mutualTls && !java.nio.file.Files.isReadable(settings.tokenFile())) {
      throw new IllegalStateException("the alert receiver needs its bearer token file " + settings.tokenFile()
          + " (alerts.tokenSecret) or mTLS (alerts.tls.secretName with ca.crt)");
    }
    try {
      if (tls == null) {
        server = HttpServer.create(new InetSocketAddress(settings.port()), 0);
      } else {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(settings.port()), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.context()) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
            parameters.setNeedClientAuth(tls.mutual());
            params.setSSLParameters(parameters);
          }
        });
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on the alert receiver's port " + settings.port(), e);
    }
    executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread thread = new Thread(r, "alert-receiver");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext(PATH, this::serve);
  }

  /** Starts the informers (waiting for their first list) and then the server. */
  public AlertReceiver start() {
    try {
      triggerInformers.forEach(i -> i.run());
      diagnosisInformers.forEach(i -> i.run());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        // helm upgrade installs no new CRD: say what to do instead of a stack trace.
        throw new IllegalStateException("alerts.enabled needs the DiagnosisTrigger CRD: kubectl apply -f crds/"
            + " (helm upgrade does not add CRDs)", e);
      }
      throw e;
    }
    status.start();
    server.start();
    log.info("alert receiver listening on port {} at {}", port(), PATH);
    return this;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        respond(exchange, 405, "only POST: Alertmanager's webhook", null);
        return;
      }
      try {
        if (!mutualTls && !token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
          respond(exchange, 401, "a valid bearer token is required (http_config.authorization in Alertmanager)", null);
          return;
        }
      } catch (IOException e) {
        log.warn("alert receiver: cannot read its token: {}", e.getMessage());
        respond(exchange, 500, "the receiver cannot read its token; retry later", null);
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        respond(exchange, 413, "the body exceeds " + AlertSettings.MAX_BODY_BYTES + " bytes", null);
        return;
      }
      PayloadReader.Read read = reader.read(body);
      if (read instanceof PayloadReader.Refused refused) {
        log.info("alert receiver: refused a payload: {}", refused.reason());
        respond(exchange, 400, refused.reason(), null);
        return;
      }
      AlertmanagerPayload payload = ((PayloadReader.Accepted) read).payload();
      if (payload.truncatedAlerts() != null && payload.truncatedAlerts() > 0) {
        // Alertmanager never sends those: their VMs get no diagnosis. max_alerts: 0 sends every alert.
        log.warn("alert receiver: group {} arrived without {} truncated alerts (webhook_configs max_alerts)",
            payload.groupKey(), payload.truncatedAlerts());
      }
      AlertHandler.Handled handled;
      try {
        handled = handler.handle(payload);
      } catch (RuntimeException e) {
        log.warn("alert receiver: group {} failed: {}", payload.groupKey(), e.toString());
        respond(exchange, 500, "internal failure, retry: " + e.getMessage(), null);
        return;
      }
      int status = handled.httpStatus();
      if (handled.refusal() != null) {
        log.info("alert receiver: refused group {}: {}", payload.groupKey(), handled.refusal());
      }
      if (status == 503) {
        exchange.getResponseHeaders().set("Retry-After", String.valueOf(bucket.secondsToNext()));
      }
      respond(exchange, status, handled.refusal(), handled.results());
    } catch (RuntimeException e) {
      log.warn("alert receiver: {}", e.toString());
    }
  }

  /** The body, or null when it is larger than the limit. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(AlertSettings.MAX_BODY_BYTES + 1);
    return body.length > AlertSettings.MAX_BODY_BYTES ? null : body;
  }

  private void respond(HttpExchange exchange, int status, String reason, List<AlertResult> results)
      throws IOException {
    ObjectNode answer = json.createObjectNode();
    if (reason != null) {
      answer.put("reason", reason);
    }
    if (results != null) {
      answer.set("alerts", json.valueToTree(results));
    }
    HttpReply.send(exchange, status, "application/json", json.writeValueAsBytes(answer));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    status.close();
    triggerInformers.forEach(SharedIndexInformer::close);
    diagnosisInformers.forEach(SharedIndexInformer::close);
  }
}
