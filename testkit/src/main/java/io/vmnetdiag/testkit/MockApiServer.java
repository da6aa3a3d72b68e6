package io.vmnetdiag.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An in-process API server for tests and the lab: Fabric8's mock server in CRUD mode with the
 * NetworkDiagnosis CRD installed from the api module. No garbage collection, admission or schema validation:
 * nothing may rely on those.
 */
public final class MockApiServer implements AutoCloseable {
  static final String CRD_RESOURCE = "META-INF/fabric8/networkdiagnoses.vmnetdiag.io-v1.yml";

  // Held so the level sticks: the mock server logs every request at INFO through java.util.logging.
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockApiServer() {
    // Expectations (such as pod logs) are answered first, everything else by the CRUD store.
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations), false);
    server.init();
    allowEverything();
    client = server.createClient();
    try (InputStream crd = MockApiServer.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Answers SelfSubjectRulesReviews (which the CRUD store rejects) with "everything allowed", as an API
   * server with a permissive authorizer would: JOSDK checks its lease rights this way before leader election.
   */
  private void allowEverything() {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
            + "\"status\":{\"incomplete\":false,\"resourceRules\":[{\"apiGroups\":[\"*\"],"
            + "\"resources\":[\"*\"],\"verbs\":[\"*\"]}]}}")
        .always();
  }

  public KubernetesClient client() {
    return client;
  }

  /** Makes a container's log readable through the API, as a kubelet serves it. */
  public void serveLog(String namespace, String pod, String container, String log) {
    server.expect().get()
        .withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?pretty=false&container=" + container)
        .andReturn(200, log).always();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }
}
