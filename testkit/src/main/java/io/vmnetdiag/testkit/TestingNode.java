package io.vmnetdiag.testkit;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A Node object and the one kubelet endpoint the operator uses: container logs. The API server proxies
 * {@code pods/log} to the node's kubelet; this serves it on 127.0.0.1 with the certificate the control
 * plane generated, so {@code kubectl logs} and the operator's log reads take the real path.
 */
public final class TestingNode implements AutoCloseable {
  private final KubernetesClient client;
  private final String name;
  private final HttpsServer server;
  private final Map<String, String> logs = new ConcurrentHashMap<>();

  public TestingNode(ControlPlane controlPlane, KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
    try {
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(sslContext(controlPlane)));
      server.createContext("/containerLogs/", exchange -> {
        // /containerLogs/<namespace>/<pod>/<container>
        String log = logs.get(exchange.getRequestURI().getPath().substring("/containerLogs/".length()));
        byte[] body = (log == null ? "" : log).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(log == null ? 404 : 200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
        .addToLabels("kubernetes.io/hostname", name).endMetadata().build()).createOr(existing -> existing.update());
    client.nodes().withName(name).editStatus(node -> new NodeBuilder(node).editOrNewStatus()
        .withAddresses().addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(server.getAddress().getPort()).endKubeletEndpoint()
        .endDaemonEndpoints()
        .endStatus().build());
  }

  public String name() {
    return name;
  }

  /** What the kubelet answers for this container's log from now on. */
  public void serveLog(String namespace, String pod, String container, String log) {
    logs.put(namespace + "/" + pod + "/" + container, log);
  }

  @Override
  public void close() {
    server.stop(0);
    client.nodes().withName(name).delete();
  }

  private static SSLContext sslContext(ControlPlane controlPlane) {
    try {
      Certificate certificate;
      try (InputStream in = Files.newInputStream(controlPlane.kubeletCertificate())) {
        certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pemBody(controlPlane.kubeletKey())));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "kubelet".toCharArray();
      store.setKeyEntry("kubelet", key, password, new Certificate[] {certificate});
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the stand-in kubelet's certificate", e);
    }
  }

  private static byte[] pemBody(Path pem) throws IOException {
    String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(text);
  }
}
