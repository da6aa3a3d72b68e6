package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.testkit.CommandResult;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diagnosis kept in git and applied again and again, as Flux (server-side apply, its field manager) and Argo CD
 * (client-side kubectl apply) do on every sync: the same manifest changes no generation and starts no capture; a
 * changed spec runs once more. Applied with the machine's kubectl against the real control plane.
 */
@ExtendWith(ControlPlaneExtension.class)
class GitOpsApplyTest {
  private static final Duration QUIET = Duration.ofSeconds(3);
  private OperatorTestBed bed;
  private ControlPlane controlPlane;
  private KubernetesClient client;
  private String ns;
  private String captureNs;
  @TempDir
  Path dir;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace);
    this.controlPlane = controlPlane;
    this.client = client;
    ns = bed.ns;
    captureNs = bed.captureNs;
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  @Test
  void reapplyingTheSameManifestRunsNothingNewAndAChangedSpecRunsOnceMore() throws IOException {
    Path manifest = manifest("10s");
    apply("--server-side", "--field-manager=kustomize-controller");
    Pod first = bed.cluster.awaitCapturePod(captureNs, ns, "git-01", 1);
    bed.cluster.terminate(first, new ReportCodec().encode(TestingCluster.echo(first,
        NetworkDiagnosisReconcilerTest.seedReport(1))).terminationMessage(), 0);
    NetworkDiagnosis done = bed.cluster.awaitStatus(ns, "git-01", s -> s.getCompletionTime() != null);
    bed.cluster.awaitNoPod(captureNs, first.getMetadata().getName());
    assertThat(ArgoHealthCheck.ofServer(client, ns, "git-01").status()).isEqualTo("Healthy");

    // Every sync applies the manifest again: Flux server-side, Argo CD client-side (twice: the first only adds
    // kubectl's last-applied annotation, the second finds nothing to change).
    apply("--server-side", "--field-manager=kustomize-controller");
    apply();
    apply();
    apply("--server-side", "--field-manager=kustomize-controller", "--force-conflicts");

    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> {
      NetworkDiagnosis now = current();
      return now.getMetadata().getGeneration() == 1L && bed.cluster.podsOf(captureNs, now).isEmpty()
          && done.getStatus().getCompletionTime().equals(now.getStatus().getCompletionTime());
    });
    assertThat(createdPods()).isEqualTo(1);
    assertThat(ArgoHealthCheck.ofServer(client, ns, "git-01").status()).isEqualTo("Healthy");

    Files.writeString(manifest, Files.readString(manifest).replace("duration: 10s", "duration: 20s"));
    apply("--server-side", "--field-manager=kustomize-controller");

    assertThat(current().getMetadata().getGeneration()).isEqualTo(2L);
    // Argo CD's view right after the sync: the operator has not caught up, or is capturing; never Healthy.
    assertThat(ArgoHealthCheck.ofServer(client, ns, "git-01").status()).isEqualTo("Progressing");
    Pod second = bed.cluster.awaitCapturePod(captureNs, ns, "git-01", 2);
    assertThat(second.getMetadata().getName()).isEqualTo(CapturePods.podName(ns, "git-01", 2));
    await().atMost(Duration.ofSeconds(10)).until(() -> createdPods() == 2);
    // The first generation's verdict is kept in the history.
    NetworkDiagnosis next = bed.cluster.awaitStatus(ns, "git-01", s -> s.getObservedGeneration() == 2L);
    assertThat(next.getStatus().getHistory()).singleElement().satisfies(past -> {
      assertThat(past.getGeneration()).isEqualTo(1L);
      assertThat(past.getVerdict()).isEqualTo(done.getStatus().getVerdict().getReason());
    });
    assertThat(next.getStatus().getVerdict()).isNull();
  }

  private Path manifest(String duration) throws IOException {
    Path file = dir.resolve("diagnosis.yaml");
    Files.writeString(file, """
        apiVersion: vmnetdiag.io/v1alpha1
        kind: NetworkDiagnosis
        metadata:
          name: git-01
          namespace: %s
        spec:
          target:
            libvirt:
              node: node-a
              domain: git-01
          capture:
            duration: %s
        """.formatted(ns, duration));
    return file;
  }

  private void apply(String... flags) {
    String[] args = new String[flags.length + 3];
    args[0] = "apply";
    System.arraycopy(flags, 0, args, 1, flags.length);
    args[flags.length + 1] = "-f";
    args[flags.length + 2] = dir.resolve("diagnosis.yaml").toString();
    CommandResult result = controlPlane.kubectl(dir, args);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private NetworkDiagnosis current() {
    return client.resources(NetworkDiagnosis.class).inNamespace(ns).withName("git-01").get();
  }

  private long createdPods() {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "git-01".equals(e.getInvolvedObject().getName()) && "CapturePodCreated".equals(e.getReason()))
        .count();
  }
}
