package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.operator.capture.CapturePods;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;

/**
 * The real operator against the real control plane (server-side apply, admission, Pod Security); the test plays
 * the kubelet by writing pod status, and node-a's stand-in kubelet serves logs. Diagnoses live in a restricted
 * tenant namespace; their capture pods in the test's own namespace, which plays the capture namespace.
 */
@ExtendWith(ControlPlaneExtension.class)
class NetworkDiagnosisReconcilerTest {
  private String ns;
  private String captureNs;
  private OperatorTestBed bed;
  private KubernetesClient client;
  private TestingCluster cluster;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) {
    bed = OperatorTestBed.start(controlPlane, client, namespace);
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
  void libvirtTargetGetsALeastPrivilegeCapturePodOnTheVmsNode() {
    NetworkDiagnosis nd = client.resource(diagnosis("web-01", libvirt("node-a", "web-01"))).create();

    Pod pod = awaitPod("web-01");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo(captureNs);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(pod.getSpec().getHostNetwork()).isTrue();
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    var container = pod.getSpec().getContainers().get(0);
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).containsExactlyInAnyOrder("NET_RAW", "NET_ADMIN");
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getPrivileged()).isFalse();
    assertThat(container.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/var/run/libvirt");
      assertThat(m.getReadOnly()).isTrue();
    });
    // Linked to its diagnosis in the tenant namespace by labels and annotations: owner references cannot cross.
    assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(pod.getMetadata().getLabels()).containsEntry(CapturePods.LABEL_DIAGNOSIS, "web-01")
        .containsEntry(CapturePods.LABEL_DIAGNOSIS_UID, nd.getMetadata().getUid());
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(CapturePods.ANNOTATION_NAMESPACE, ns)
        .containsEntry(CapturePods.ANNOTATION_NAME, "web-01");
    assertThat(client.resources(NetworkDiagnosis.class).inNamespace(ns).withName("web-01").get()
        .getMetadata().getFinalizers()).isNotEmpty();

    NetworkDiagnosis inProgress = awaitStatus("web-01", s -> TestingCluster.reasonIs(s, "Ready", "InProgress"));
    assertThat(inProgress.getStatus().getCapturePod()).isEqualTo(pod.getMetadata().getName());
    assertThat(inProgress.getStatus().getCapturePodUid()).isEqualTo(pod.getMetadata().getUid());
    assertThat(inProgress.getStatus().getCaptureNonce()).hasSize(32);
    assertThat(inProgress.getStatus().getConditions()).extracting("type")
        .containsExactly("Ready", "Resolved", "Captured", "Analyzed", "Reconciling");
  }

  @Test
  void finishedCaptureBecomesAVerdictAndThePodIsRemoved() {
    client.resource(diagnosis("web-02", libvirt("node-a", "web-02"))).create();
    Pod pod = awaitPod("web-02");

    terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod, seedReport(1))).terminationMessage(), 0);

    NetworkDiagnosis done = awaitStatus("web-02", s -> s.getCompletionTime() != null);
    assertThat(done.getStatus().getVerdict().getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("guest");
    assertThat(condition(done.getStatus(), "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(done.getStatus(), "Resolved").getStatus()).isEqualTo("True");
    assertThat(done.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(done.getStatus().getHops()).hasSize(3);
    assertThat(done.getStatus().getCapturePod()).isNull();
    cluster.awaitNoPod(captureNs, pod.getMetadata().getName());
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> "web-02".equals(e.getInvolvedObject().getName()))
        .extracting(e -> e.getReason())
        .contains("CapturePodCreated", "Diagnosed");
  }

  @Test
  void reportTooLargeForTheTerminationMessageIsReadFromTheLog() {
    client.resource(diagnosis("web-03", libvirt("node-a", "web-03"))).create();
    Pod pod = awaitPod("web-03");
    ReportCodec.Encoded encoded = new ReportCodec().encode(TestingCluster.echo(pod, seedReport(300)));
    assertThat(encoded.logLines()).isNotEmpty();
    bed.node.serveLog(captureNs, pod.getMetadata().getName(), CapturePods.CONTAINER, "agent starting\n" + String.join("\n", encoded.logLines()));

    terminate(pod, encoded.terminationMessage(), 0);

    NetworkDiagnosis done = awaitStatus("web-03", s -> s.getCompletionTime() != null);
    assertThat(done.getStatus().getVerdict().getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(done.getStatus().getHops().get(2).getSamples()).hasSize(300 * 2);
  }

  @Test
  void podThatDiesWithoutAReportFailsTheCaptureClearly() {
    client.resource(diagnosis("web-04", libvirt("node-a", "web-04"))).create();
    Pod pod = awaitPod("web-04");

    terminate(pod, null, 137);

    NetworkDiagnosis done = awaitStatus("web-04", s -> s.getCompletionTime() != null);
    var captured = condition(done.getStatus(), "Captured");
    assertThat(captured.getStatus()).isEqualTo("False");
    assertThat(captured.getReason()).isEqualTo("AgentFailed");
    assertThat(captured.getMessage()).contains("exited with code 137", "without a report and without a log");
    assertThat(condition(done.getStatus(), "Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void agentFailureIsReportedAsAResolutionFailure() {
    client.resource(diagnosis("web-05", libvirt("node-a", "nope"))).create();
    Pod pod = awaitPod("web-05");
    AgentReport report = new AgentReport();
    report.setFailure(new AgentFailure(AgentFailure.DOMAIN_NOT_FOUND, "No libvirt domain \"nope\" on node-a."));

    terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod, report)).terminationMessage(), 2);

    NetworkDiagnosis done = awaitStatus("web-05", s -> s.getCompletionTime() != null);
    var resolved = condition(done.getStatus(), "Resolved");
    assertThat(resolved.getStatus()).isEqualTo("False");
    assertThat(resolved.getReason()).isEqualTo("DomainNotFound");
    assertThat(resolved.getMessage()).contains("nope");
  }

  @Test
  void emptyReportIsInconclusiveRatherThanACrash() {
    client.resource(diagnosis("web-06", libvirt("node-a", "web-06"))).create();
    Pod pod = awaitPod("web-06");

    terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod, new AgentReport())).terminationMessage(), 0);

    NetworkDiagnosis done = awaitStatus("web-06", s -> s.getCompletionTime() != null);
    assertThat(done.getStatus().getVerdict().getReason())
        .isIn(VerdictReason.CaptureIncomplete, VerdictReason.NoTrafficObserved);
    assertThat(condition(done.getStatus(), "Ready").getMessage()).startsWith("Inconclusive");
  }

  @Test
  void invalidSpecIsExplainedInTheStatusWithoutAPod() {
    // What the schema leaves to the operator (see CrdValidationTest): addresses that are not IPs.
    LibvirtTarget bad = libvirt("node-a", "web");
    bad.setAddress("not-an-ip");
    NetworkDiagnosis nd = diagnosis("bad-01", bad);
    nd.getSpec().getCapture().setPeers(List.of("gateway.example"));
    client.resource(nd).create();

    NetworkDiagnosis done = awaitStatus("bad-01", s -> s.getCompletionTime() != null);
    var ready = condition(done.getStatus(), "Ready");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.target.libvirt.address", "spec.capture.peers");
    assertThat(cluster.podsOf(captureNs, done)).isEmpty();
  }

  @Test
  void specTheSchemaRejectsNeverReachesTheOperator() {
    LibvirtTarget bad = libvirt("Node_A", "web");
    NetworkDiagnosis nd = diagnosis("bad-02", bad);
    nd.getSpec().getCapture().setDuration("1h");

    assertThatThrownBy(() -> client.resource(nd).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec.target.libvirt.node").hasMessageContaining("spec.capture.duration");
  }

  private Pod awaitPod(String name) {
    return cluster.awaitCapturePod(captureNs, ns, name, 1);
  }

  private NetworkDiagnosis awaitStatus(String name, java.util.function.Predicate<io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus> done) {
    return cluster.awaitStatus(ns, name, done);
  }

  private void terminate(Pod pod, String message, int exitCode) {
    cluster.terminate(pod, message, exitCode);
  }

  static io.vmnetdiag.api.v1alpha1.DiagnosisCondition condition(io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus s, String type) {
    return TestingCluster.condition(s, type);
  }

  private static LibvirtTarget libvirt(String node, String domain) {
    LibvirtTarget t = new LibvirtTarget();
    t.setNode(node);
    t.setDomain(domain);
    return t;
  }

  private NetworkDiagnosis diagnosis(String name, LibvirtTarget libvirt) {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis(ns, name, "unused", "unused");
    nd.getSpec().getTarget().setLibvirt(libvirt);
    return nd;
  }

  /** The seed's picture: SYNs and ARP replies delivered at the tap, the guest only ARPs. */
  static AgentReport seedReport(int samplesPerHop) {
    AgentReport report = new AgentReport();
    ResolvedPath path = new ResolvedPath();
    path.setNode("node-a");
    path.setDomain("web");
    path.setVmMac("52:54:00:00:00:51");
    path.setVmAddress("10.77.0.51");
    path.setHops(List.of(new Hop(HopRole.Uplink, "eth0"), new Hop(HopRole.Bridge, "br0"), new Hop(HopRole.Tap, "vnet3")));
    report.setPath(path);
    for (Hop hop : path.getHops()) {
      HopObservation obs = new HopObservation(hop.getRole(), hop.getInterfaceName());
      obs.getToVm().add(PacketKind.TcpSyn, 36);
      obs.getToVm().add(PacketKind.ArpReply, 6);
      obs.getFromVm().add(PacketKind.ArpRequest, 6);
      obs.getCapture().setCaptured(48);
      obs.getCapture().setReceived(48);
      obs.getNeighborLookups().add(new NeighborLookup("10.77.0.1", 6, 6, 5));
      for (int i = 0; i < samplesPerHop; i++) {
        obs.getSamples().add(sample(TrafficDirection.FromVm, PacketKind.ArpRequest,
            String.format("08:21:%02d.%06d ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28", i % 60, i)));
        obs.getSamples().add(sample(TrafficDirection.ToVm, PacketKind.TcpSyn,
            String.format("08:21:%02d.%06d IP 10.77.0.2.%d > 10.77.0.51.22: Flags [S], seq %d, length 0", i % 60, i, 40000 + i, i * 7919)));
      }
      report.getHops().add(obs);
    }
    report.setCaptureStartedAt("2026-11-26T08:21:00Z");
    report.setCaptureEndedAt("2026-11-26T08:21:10Z");
    return report;
  }

  private static PacketSample sample(TrafficDirection direction, PacketKind kind, String text) {
    PacketSample sample = new PacketSample();
    sample.setDirection(direction);
    sample.setKind(kind);
    sample.setText(text);
    return sample;
  }
}
