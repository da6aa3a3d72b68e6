package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.TestingCluster.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each way a capture attempt fails reaches the status with its real cause, at once: the test plays the kubelet and
 * the node controller by writing pod and node status (and a FailedMount event) as they do. Transient causes start
 * another attempt after the backoff (the operator looks again after it in real time; the test's clock says whether it
 * has passed), up to the limit; final ones end
 * the diagnosis, Stalled as kstatus reads it.
 */
@ExtendWith(ControlPlaneExtension.class)
class CaptureFailureCausesTest {
  private static final OperatorSettings.Retry RETRY = new OperatorSettings.Retry(2, Duration.ofSeconds(2),
      Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(1));
  private final MutableClock clock = new MutableClock();
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;
  private String captureNs;
  private String ns;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace, "node-a", s -> s.withRetry(RETRY), clock);
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
  void missingNodeEndsBeforeAnyPodIsCreated() {
    NetworkDiagnosis done = failed(diagnose("gone", "node-nowhere"), "NodeNotFound", "node-nowhere does not exist");
    assertThat(cluster.podsOf(captureNs, done)).isEmpty();
  }

  @Test
  void cordonedNodeEndsBeforeAnyPodIsCreated() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-cordoned").endMetadata()
        .withNewSpec().withUnschedulable(true).endSpec().build()).create();
    try {
      NetworkDiagnosis done = failed(diagnose("cordoned", "node-cordoned"), "NodeUnschedulable", "cordoned");
      assertThat(cluster.podsOf(captureNs, done)).isEmpty();
    } finally {
      client.nodes().withName("node-cordoned").delete();
    }
  }

  @Test
  void notReadyNodeIsRetriedAfterTheBackoffThenGivenUp() {
    cluster.bareNode("node-down");
    cluster.nodeReady("node-down", "Unknown", "NodeStatusUnknown", clock.instant().minus(Duration.ofHours(1)));
    try {
      diagnose("down", "node-down");
      NetworkDiagnosis retrying = awaitStatus("down", s -> Integer.valueOf(2).equals(s.getAttempt()));
      assertThat(retrying.getStatus().getLastFailure().getReason()).isEqualTo("NodeNotReady");
      assertThat(retrying.getStatus().getCompletionTime()).isNull();
      assertThat(condition(retrying.getStatus(), "Ready").getReason()).isEqualTo("NodeNotReady");
      assertThat(condition(retrying.getStatus(), "Reconciling").getReason()).isEqualTo("Retrying");
      assertThat(Kstatus.compute(retrying).status()).isEqualTo("InProgress");

      clock.advance(RETRY.backoff());
      NetworkDiagnosis done = failed("down", "NodeNotReady", "Gave up after 2 attempts");
      assertThat(cluster.podsOf(captureNs, done)).isEmpty();
    } finally {
      client.nodes().withName("node-down").delete();
    }
  }

  @Test
  void nodeNotReadyBeyondTheGraceWhileCapturingStartsTheNextAttemptWhichCanSucceed() {
    Pod first = started(diagnose("flaky", "node-a"));
    cluster.nodeReady("node-a", "False", "KubeletNotReady", clock.instant().minus(RETRY.nodeNotReadyGrace()).minusSeconds(1));
    poke(first);

    NetworkDiagnosis retrying = awaitStatus("flaky", s -> Integer.valueOf(2).equals(s.getAttempt()));
    assertThat(retrying.getStatus().getLastFailure().getReason()).isEqualTo("NodeNotReady");
    cluster.awaitNoPod(captureNs, first.getMetadata().getName());
    cluster.nodeReady("node-a", "True", "KubeletReady", clock.instant());
    clock.advance(RETRY.backoff());

    Pod second = cluster.awaitPod(captureNs, CapturePods.podName(ns, "flaky", 1, 1, 2));
    cluster.terminate(second, new ReportCodec().encode(TestingCluster.echo(second,
        NetworkDiagnosisReconcilerTest.seedReport(1))).terminationMessage(), 0);
    NetworkDiagnosis done = awaitStatus("flaky", s -> s.getCompletionTime() != null);
    assertThat(condition(done.getStatus(), "Ready").getStatus()).isEqualTo("True");
    assertThat(done.getStatus().getAttempt()).isEqualTo(2);
    assertThat(Kstatus.compute(done).status()).isEqualTo("Current");
  }

  @Test
  void imagePullFailureEndsAtOnceNamingTheImage() {
    Pod pod = started(diagnose("pull", "node-a"));
    cluster.podStatus(pod, waiting("ErrImagePull", "rpc error: pull access denied"));
    failed("pull", "ImagePullFailed", pod.getSpec().getContainers().get(0).getImage(), "pull access denied");
  }

  @Test
  void containerConfigErrorEndsAtOnce() {
    Pod pod = started(diagnose("config", "node-a"));
    cluster.podStatus(pod, waiting("CreateContainerConfigError", "secret \"x\" not found"));
    failed("config", "ContainerConfigFailed", "CreateContainerConfigError", "secret \"x\" not found");
  }

  @Test
  void failedMountEventEndsAtOnce() {
    Pod pod = started(diagnose("mount", "node-a"));
    client.v1().events().inNamespace(captureNs).resource(new EventBuilder().withNewMetadata()
        .withName(pod.getMetadata().getName() + ".mount").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withNamespace(captureNs).withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).endInvolvedObject()
        .withReason("FailedMount").withType("Warning").withLastTimestamp(Instant.now().toString())
        .withMessage("MountVolume.SetUp failed for volume \"libvirt-socket\" : hostPath type check failed:"
            + " /var/run/libvirt is not a directory")
        .build()).create();
    failed("mount", "ContainerConfigFailed", "FailedMount", "/var/run/libvirt is not a directory");
  }

  @Test
  void evictionIsRetriedAndThePodsReasonWinsOverTheContainers() {
    Pod first = started(diagnose("evicted", "node-a"));
    cluster.podStatus(first, evicted());

    NetworkDiagnosis retrying = awaitStatus("evicted", s -> Integer.valueOf(2).equals(s.getAttempt()));
    assertThat(retrying.getStatus().getLastFailure().getReason()).isEqualTo("Evicted");
    assertThat(retrying.getStatus().getLastFailure().getMessage()).contains("low on resource: memory");
    assertThat(condition(retrying.getStatus(), "Ready").getMessage()).contains("Attempt 2 of 2 starts in 2s");
    // The backoff holds the next attempt until the clock passes it.
    String secondName = CapturePods.podName(ns, "evicted", 1, 1, 2);
    sleep(RETRY.backoff().plusSeconds(1));
    assertThat(client.pods().inNamespace(captureNs).withName(secondName).get()).isNull();
    clock.advance(RETRY.backoff());

    Pod second = cluster.awaitPod(captureNs, secondName);
    cluster.podStatus(second, evicted());
    NetworkDiagnosis done = failed("evicted", "Evicted", "Gave up after 2 attempts");
    assertThat(done.getStatus().getAttempt()).isEqualTo(2);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> "evicted".equals(e.getInvolvedObject().getName()) && "Evicted".equals(e.getReason()))
        .hasSize(2);
  }

  @Test
  void oomKilledAgentEndsAtOnceWithItsLimit() {
    Pod pod = started(diagnose("oom", "node-a"));
    cluster.podStatus(pod, terminated("Failed", null, 137, "OOMKilled", null));
    failed("oom", "OOMKilled", "256Mi");
  }

  @Test
  void agentFailureShowsTheTailOfItsLog() {
    Pod pod = started(diagnose("crash", "node-a"));
    assertThat(pod.getSpec().getContainers().get(0).getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    // What the kubelet puts in the message under FallbackToLogsOnError when the agent wrote none: its log's tail.
    String log = "agent starting\n".repeat(20) + "Exception in thread \"main\" java.lang.UnsatisfiedLinkError: libpcap.so";
    cluster.podStatus(pod, terminated("Failed", null, 1, "Error", log));
    NetworkDiagnosis done = failed("crash", "AgentFailed", "exited with code 1", "UnsatisfiedLinkError: libpcap.so");
    assertThat(condition(done.getStatus(), "Ready").getMessage().split("agent starting", -1)).hasSizeLessThan(10);
  }

  @Test
  void agentsCaptureFailureIsACaptureFailureNotAnUnresolvedPath() {
    Pod pod = started(diagnose("capfail", "node-a"));
    AgentReport report = new AgentReport();
    report.setFailure(new AgentFailure(AgentFailure.CAPTURE_FAILED, "The capture failed: no packet ring"));
    cluster.terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod, report)).terminationMessage(), 2);
    NetworkDiagnosis done = failed("capfail", "CaptureFailed", "no packet ring");
    assertThat(condition(done.getStatus(), "Resolved").getStatus()).isNotEqualTo("False");
  }

  @Test
  void podDeletedMidRunStartsTheNextAttempt() {
    Pod first = started(diagnose("deleted", "node-a"));
    client.pods().inNamespace(captureNs).withName(first.getMetadata().getName()).withGracePeriod(0).delete();

    NetworkDiagnosis retrying = awaitStatus("deleted", s -> Integer.valueOf(2).equals(s.getAttempt()));
    assertThat(retrying.getStatus().getLastFailure().getReason()).isEqualTo("CapturePodDeleted");
    clock.advance(RETRY.backoff());
    cluster.awaitPod(captureNs, CapturePods.podName(ns, "deleted", 1, 1, 2));
  }

  @Test
  void deadlineCountsFromThePodsCreationEvenAfterACrashBeforeTheStatus() {
    Pod pod = started(diagnose("late", "node-a"));
    bed.stopOperator();
    // As if the operator had stopped between creating the pod and recording it: only the nonce is in the status.
    NetworkDiagnosis nd = client.resources(NetworkDiagnosis.class).inNamespace(ns).withName("late").get();
    nd.getStatus().setCapturePodUid(null);
    nd.getStatus().setCapturePod(null);
    nd.getStatus().setStartTime(null);
    client.resource(nd).updateStatus();
    // 10 s window + 120 s startup grace + 10 s slack, from the pod's creation.
    clock.advance(Duration.ofSeconds(160));
    bed.startOperator();

    failed("late", "CaptureTimedOut", pod.getMetadata().getName(), "140s of its creation");
  }

  private NetworkDiagnosis diagnose(String name, String node) {
    client.resource(TestingCluster.libvirtDiagnosis(ns, name, node, name)).create();
    return client.resources(NetworkDiagnosis.class).inNamespace(ns).withName(name).get();
  }

  /** The first attempt's pod, once the operator recorded it. */
  private Pod started(NetworkDiagnosis nd) {
    String name = nd.getMetadata().getName();
    Pod pod = cluster.awaitCapturePod(captureNs, ns, name, 1);
    awaitStatus(name, s -> pod.getMetadata().getUid().equals(s.getCapturePodUid()));
    return pod;
  }

  /** Ended without a verdict: the reason on Ready, Captured and Stalled, the message saying why; kstatus Failed. */
  private NetworkDiagnosis failed(String name, String reason, String... messageParts) {
    NetworkDiagnosis done = awaitStatus(name, s -> s.getCompletionTime() != null);
    NetworkDiagnosisStatus status = done.getStatus();
    assertThat(condition(status, "Ready").getReason()).as("Ready").isEqualTo(reason);
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Ready").getMessage()).contains(messageParts);
    assertThat(condition(status, "Captured").getReason()).isEqualTo(reason);
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Stalled").getReason()).isEqualTo(reason);
    assertThat(status.getConditions()).extracting("type").doesNotContain("Reconciling");
    assertThat(Kstatus.compute(done).status()).isEqualTo("Failed");
    return done;
  }

  private NetworkDiagnosis failed(NetworkDiagnosis nd, String reason, String... messageParts) {
    return failed(nd.getMetadata().getName(), reason, messageParts);
  }

  private NetworkDiagnosis awaitStatus(String name, Predicate<NetworkDiagnosisStatus> done) {
    return cluster.awaitStatus(ns, name, done);
  }

  /** Any pod change wakes the reconciler at once, as the kubelet's next status write would. */
  private void poke(Pod pod) {
    client.pods().inNamespace(captureNs).withName(pod.getMetadata().getName()).edit(p -> {
      p.getMetadata().getLabels().put("poke", String.valueOf(System.nanoTime()));
      return p;
    });
  }

  private static PodStatus waiting(String reason, String message) {
    return new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
        .withName(CapturePods.CONTAINER).withNewState().withNewWaiting().withReason(reason).withMessage(message)
        .endWaiting().endState().build()).build();
  }

  /** Evicted under memory pressure: the pod says Evicted, its killed container only OOMKilled. */
  private static PodStatus evicted() {
    return terminated("Failed", "Evicted", 137, "OOMKilled", null);
  }

  private static PodStatus terminated(String phase, String podReason, int exitCode, String reason, String message) {
    return new PodStatusBuilder().withPhase(phase).withReason(podReason)
        .withMessage(podReason == null ? null : "The node was low on resource: memory.")
        .withContainerStatuses(new ContainerStatusBuilder().withName(CapturePods.CONTAINER)
            .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason).withMessage(message)
            .endTerminated().endState().build())
        .build();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
