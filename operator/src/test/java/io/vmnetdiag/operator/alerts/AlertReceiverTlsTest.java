package io.vmnetdiag.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.CertUtils;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver over TLS from a kubernetes.io/tls Secret's files (made here with openssl): with ca.crt only clients
 * holding a certificate of that CA get through the handshake, and they need no token; without it, HTTPS plus the
 * bearer token.
 */
@ExtendWith(ControlPlaneExtension.class)
class AlertReceiverTlsTest {
  @TempDir
  Path dir;
  private KubernetesClient client;
  private String namespace;
  private Path tls;
  private Path tokenFile;

  @BeforeEach
  void certificates(KubernetesClient client, TestNamespace namespace) throws Exception {
    this.client = client;
    this.namespace = namespace.name();
    tls = Files.createDirectories(dir.resolve("tls"));
    tokenFile = Files.writeString(dir.resolve("token"), "t0ken");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj",
        "/CN=alertmanager-clients", "-days", "1");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt",
        "-subj", "/CN=someone-else", "-days", "1");
    signed("server", "ca", "subjectAltName=IP:127.0.0.1");
    signed("client", "ca", "extendedKeyUsage=clientAuth");
    signed("stranger", "other-ca", "extendedKeyUsage=clientAuth");
    Files.copy(dir.resolve("server.crt"), tls.resolve(ReceiverTls.CERT));
    Files.copy(dir.resolve("server.key"), tls.resolve(ReceiverTls.KEY));
  }

  @Test
  void mutualTlsLetsOnlyTheCasClientsInWithoutAToken() throws Exception {
    Files.copy(dir.resolve("ca.crt"), tls.resolve(ReceiverTls.CLIENT_CA));
    try (AlertReceiver receiver = receiver()) {
      assertThat(post(receiver, "client", null).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> post(receiver, "stranger", null)).as("a certificate of another CA")
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> post(receiver, null, "t0ken")).as("no certificate, even with the token")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void withoutAClientCaItIsHttpsWithTheBearerToken() throws Exception {
    try (AlertReceiver receiver = receiver()) {
      assertThat(post(receiver, null, "t0ken").statusCode()).isEqualTo(200);
      assertThat(post(receiver, null, "wrong").statusCode()).isEqualTo(401);
    }
  }

  private AlertReceiver receiver() {
    return new AlertReceiver(client, Set.of(namespace), new AlertSettings(0, tokenFile, 1, 1, tls), Clock.systemUTC())
        .start();
  }

  /** A resolved alert: authenticated, it is answered 200 and starts nothing. */
  private HttpResponse<String> post(AlertReceiver receiver, String clientCert, String token) throws Exception {
    String body = Alertmanager.message("vmnetdiag", Map.of("alertname", "VmProbeFailed"), List.of(
        Alertmanager.Alert.firing(Map.of("alertname", "VmProbeFailed"), Instant.now()).resolved()));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + receiver.port()
        + AlertReceiver.PATH)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpClient http = HttpClient.newBuilder().sslContext(clientContext(clientCert)).build();
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private SSLContext clientContext(String clientCert) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca", certificate);
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    KeyManagerFactory keys = null;
    if (clientCert != null) {
      try (InputStream cert = Files.newInputStream(dir.resolve(clientCert + ".crt"));
          InputStream key = Files.newInputStream(dir.resolve(clientCert + ".key"))) {
        KeyStore store = CertUtils.createKeyStore(cert, key, "RSA", new char[0], null, new char[0]);
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
      }
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private void signed(String name, String ca, String extension) throws Exception {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
        "/CN=" + name);
    Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
        "-out", name + ".crt", "-days", "1", "-extfile", name + ".ext");
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("%s\n%s", command, output).isZero();
  }
}
