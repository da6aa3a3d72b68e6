package io.vmnetdiag.testkit;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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
 * A Node object and what a kubelet does that tests rely on: it serves container logs (the API server
 * proxies {@code pods/log} to the node's kubelet; this answers on 127.0.0.1 with the certificate the
 * control plane generated, so the operator's log reads take the real path), and it finishes the
 * graceful deletion of the node's pods (a kubelet stops the containers, then removes the pod with a
 * grace period of 0; without one, a deleted pod that ran would stay in Terminating for ever). Running
 * the containers and writing pod status is left to the test (or the lab kubelet).
 */
public final class TestingNode implements AutoCloseable {
  private final KubernetesClient client;
  private final String name;
  private final HttpsServer server;
  private final Map<String, String> logs = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Pod> pods;

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
    pods = client.pods().inAnyNamespace().withField("spec.nodeName", name).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        finishDeletion(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        finishDeletion(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
      }
    });
  }

  private void finishDeletion(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      try {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
            .withGracePeriod(0).delete();
      } catch (KubernetesClientException e) {
        // already gone
      }
    }
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
    pods.close();
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
