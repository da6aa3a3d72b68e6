package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.NetworkDiagnosisReconcilerTest.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every malformed or oversized report a capture pod can leave ends its diagnosis in a final CaptureFailed-class
 * status with a message naming what was wrong: once, with one event, and no retries after.
 */
@ExtendWith(ControlPlaneExtension.class)
class MalformedReportTest {
  private static final String MAGIC = "vmnetdiag.report/v1";
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;
  private String captureNs;
  private String ns;

  /** A diagnosis name per case: what the pod leaves (termination message; its log, if any) and the message expected. */
  private record Case(Function<Pod, String> terminationMessage, String log, String reason, String message) {
  }

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace, "node-a",
        // Room for every case at once: queueing is not what this test is about.
        s -> s.withMaxCapturesPerNode(20), Clock.systemUTC());
    this.client = client;
    cluster = bed.cluster;
    captureNs = bed.captureNs;
    ns = bed.ns;
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  @Test
  void everyMalformedReportEndsFinalWithOneEventAndNoRetry() throws Exception {
    byte[] bomb = new byte[ReportCodec.MAX_REPORT_BYTES + 1];
    byte[] unanalyzable = "{\"path\":{\"hops\":[null]},\"hops\":[null,null]}".getBytes(StandardCharsets.UTF_8);
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("bad-base64", new Case(p -> MAGIC + " sha256=" + "0".repeat(64) + " inline=AAAAA", null,
        "ReportUnreadable", "not valid base64"));
    cases.put("bad-gzip", new Case(p -> inline(sha256(new byte[0]), "bm90IGd6aXA="), null,
        "ReportUnreadable", "not valid gzip"));
    cases.put("gzip-bomb", new Case(p -> inline(sha256(bomb), Base64.getEncoder().encodeToString(gzip(bomb))), null,
        "ReportUnreadable", "larger than " + ReportCodec.MAX_REPORT_BYTES));
    cases.put("bad-json", new Case(p -> encodedJson("{\"hops\": [".getBytes(StandardCharsets.UTF_8)), null,
        "ReportUnreadable", "not valid JSON"));
    cases.put("wrong-count", new Case(p -> MAGIC + " sha256=" + "0".repeat(64) + " chunks=3",
        MAGIC + " chunk 1/3 AAAA\n" + MAGIC + " chunk 2/3 AAAA", "ReportUnreadable", "2 of the report's 3 parts"));
    cases.put("log-flood", new Case(p -> MAGIC + " sha256=" + "0".repeat(64) + " chunks=2",
        "x".repeat(ReportCodec.MAX_LOG_BYTES + 100), "ReportUnreadable", "more than " + ReportCodec.MAX_LOG_BYTES));
    cases.put("wrong-nonce", new Case(p -> {
      var report = TestingCluster.echo(p, NetworkDiagnosisReconcilerTest.seedReport(1));
      report.getRun().setNonce("ffffffffffffffffffffffffffffffff");
      return new ReportCodec().encode(report).terminationMessage();
    }, null, "ReportRejected", "nonce"));
    cases.put("unanalyzable", new Case(p -> encodedJson(withRun(p, unanalyzable)), null, "ReportUnreadable",
        "cannot be analyzed"));

    Map<String, Pod> pods = new LinkedHashMap<>();
    for (String name : cases.keySet()) {
      client.resource(TestingCluster.libvirtDiagnosis(ns, name, "node-a", name)).create();
    }
    for (Map.Entry<String, Case> c : cases.entrySet()) {
      Pod pod = cluster.awaitCapturePod(captureNs, ns, c.getKey(), 1);
      if (c.getValue().log() != null) {
        bed.node.serveLog(captureNs, pod.getMetadata().getName(), CapturePods.CONTAINER, c.getValue().log());
      }
      cluster.terminate(pod, c.getValue().terminationMessage().apply(pod), 0);
      pods.put(c.getKey(), pod);
    }

    Map<String, String> versions = new LinkedHashMap<>();
    for (Map.Entry<String, Case> c : cases.entrySet()) {
      NetworkDiagnosis done = cluster.awaitStatus(ns, c.getKey(), s -> s.getCompletionTime() != null);
      var captured = condition(done.getStatus(), "Captured");
      assertThat(captured.getStatus()).as(c.getKey()).isEqualTo("False");
      assertThat(captured.getReason()).as(c.getKey()).isEqualTo(c.getValue().reason());
      assertThat(captured.getMessage()).as(c.getKey()).contains(c.getValue().message());
      assertThat(condition(done.getStatus(), "Ready").getStatus()).as(c.getKey()).isEqualTo("False");
      versions.put(c.getKey(), done.getMetadata().getResourceVersion());
      cluster.awaitNoPod(captureNs, pods.get(c.getKey()).getMetadata().getName());
    }
    // Final: nothing is retried, so neither the statuses nor the events change afterwards.
    Thread.sleep(Duration.ofSeconds(3).toMillis());
    for (String name : cases.keySet()) {
      assertThat(client.resources(NetworkDiagnosis.class).inNamespace(ns).withName(name).get()
          .getMetadata().getResourceVersion()).as(name).isEqualTo(versions.get(name));
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .filteredOn(e -> name.equals(e.getInvolvedObject().getName()) && "CaptureFailed".equals(e.getReason()))
          .as(name).singleElement().satisfies(e -> assertThat(e.getCount()).isIn(null, 1));
    }
  }

  /** The JSON with the pod's run added, so only its content is at fault. */
  private static byte[] withRun(Pod pod, byte[] json) {
    try {
      ObjectMapper mapper = new ObjectMapper();
      var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
      tree.set("run", mapper.valueToTree(TestingCluster.request(pod).getRun()));
      return mapper.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encodedJson(byte[] json) {
    return inline(sha256(json), Base64.getEncoder().encodeToString(gzip(json)));
  }

  private static String inline(String sha, String payload) {
    return MAGIC + " sha256=" + sha + " inline=" + payload;
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
