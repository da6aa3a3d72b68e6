package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.TestingCluster.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.operator.alerts.AlertReceiver;
import io.vmnetdiag.operator.alerts.AlertSettings;
import io.vmnetdiag.operator.alerts.Alertmanager;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.operator.libvirt.LibvirtUris;
import io.vmnetdiag.operator.policy.PolicyRules;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import io.vmnetdiag.testkit.TestingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The DiagnosisPolicy against the real API server, enforced twice: by the chart's ValidatingAdmissionPolicy
 * (rendered with helm, applied, limited to this test's namespaces) and, with admission bypassed (no binding), by
 * the operator. The policy is examples/policy/diagnosispolicy.yaml under a name of this test's own, with its vms
 * namespace replaced by the test's.
 */
@ExtendWith(ControlPlaneExtension.class)
class DiagnosisPolicyTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final List<HasMetadata> clusterScoped = new ArrayList<>();
  private KubernetesClient client;
  private TestingNode node;
  private String policyName;
  private String tenant;
  private String stranger;
  private String captureNamespace;
  private Operator operator;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) throws IOException {
    this.client = client;
    this.tenant = namespace.name();
    this.stranger = tenant + "-x";
    String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    this.policyName = "policy-" + suffix;
    this.captureNamespace = tenant + "-cap";
    for (String name : List.of(stranger, captureNamespace)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
          .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, "privileged").endMetadata().build()).create();
    }
    this.node = new TestingNode(controlPlane, client, "node-" + suffix);
    String example = Files.readString(ControlPlane.repositoryRoot().resolve("examples/policy/diagnosispolicy.yaml"))
        .replace("name: default ", "name: " + policyName + " ")
        .replace("names: [vms]", "names: [" + tenant + "]");
    clusterScoped.add(client.resource(client.getKubernetesSerialization()
        .unmarshal(example, GenericKubernetesResource.class)).create());
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      // While the operator runs, so its finalizer lets the diagnoses go and removes their capture pods.
      for (String namespace : List.of(tenant, stranger)) {
        client.resources(NetworkDiagnosis.class).inNamespace(namespace).delete();
      }
      await().atMost(PATIENCE).until(() -> List.of(tenant, stranger).stream()
          .allMatch(namespace -> client.resources(NetworkDiagnosis.class).inNamespace(namespace).list().getItems().isEmpty()));
      operator.stop();
    }
    node.close();
    clusterScoped.forEach(o -> client.resource(o).delete());
    client.namespaces().withName(stranger).delete();
    client.namespaces().withName(captureNamespace).delete();
  }

  @Test
  void admissionDeniesWhatThePolicyDoesNotGrantWithTheReason() {
    installAdmission();

    assertThat(deniedMessage(diagnosis(stranger, "web", "web-01", s -> { })))
        .contains(PolicyRules.noGrantForNamespace(policyName, stranger));
    assertThat(deniedMessage(diagnosis(tenant, "db", "db-01", s -> { })))
        .contains("no grant of DiagnosisPolicy " + policyName + " lets namespace " + tenant
            + " diagnose libvirt:" + node.name() + "/db-01");
    assertThat(deniedMessage(diagnosis(tenant, "pcap", "web-01", s -> s.getCapture().getPcap().setEnabled(true))))
        .contains("grant vms of DiagnosisPolicy " + policyName + " does not allow what the capture asks")
        .contains("pcap Disabled");
    assertThat(deniedMessage(diagnosis(tenant, "snap", "web-01", s -> s.getCapture().setSnapLength(1500))))
        .contains("snapLength up to 96");
    assertThat(deniedMessage(diagnosis(tenant, "ports", "web-01", s -> s.getCapture().setPorts(List.of(5432)))))
        .as("probes may reach 22, 80 and 443 only").contains("does not allow what the capture asks");

    NetworkDiagnosis admitted = client.resource(diagnosis(tenant, "web", "web-01",
        s -> s.getCapture().setPorts(List.of(22, 443)))).create();
    assertThat(admitted.getMetadata().getUid()).isNotBlank();
    // Updates that leave the spec alone are not judged again, and a missing policy does not block them: the
    // operator's metadata edits (finalizers) always pass. The operator denies diagnoses while it is missing.
    clusterScoped.removeIf(o -> o instanceof GenericKubernetesResource);
    client.resources(DiagnosisPolicy.class).withName(policyName).delete();
    NetworkDiagnosis relabelled = client.resource(admitted).edit(nd -> {
      nd.getMetadata().getLabels().put("checked", "yes");
      return nd;
    });
    assertThat(relabelled.getMetadata().getLabels()).containsEntry("checked", "yes");
  }

  @Test
  void withAdmissionBypassedTheOperatorDeniesFinally() {
    startOperator();

    NetworkDiagnosis denied = awaitDone(client.resource(diagnosis(stranger, "web", "web-01", s -> { })).create());
    assertThat(condition(denied.getStatus(), "Ready").getReason()).isEqualTo("PolicyDenied");
    assertThat(condition(denied.getStatus(), "Ready").getMessage())
        .contains(PolicyRules.noGrantForNamespace(policyName, stranger));
    // The event follows the status write: wait for it rather than read once.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        client.v1().events().inNamespace(stranger).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("PolicyDenied")));

    NetworkDiagnosis otherVm = awaitDone(client.resource(diagnosis(tenant, "db", "db-01", s -> { })).create());
    assertThat(condition(otherVm.getStatus(), "Ready").getMessage()).contains("lets namespace " + tenant);
    NetworkDiagnosis pcap = awaitDone(client.resource(diagnosis(tenant, "pcap", "web-01",
        s -> s.getCapture().getPcap().setEnabled(true))).create());
    assertThat(condition(pcap.getStatus(), "Ready").getMessage()).contains("capture.pcap.enabled (pcap is Disabled)");

    // Final: no capture pod, and the status stays as written (no retry loop rewriting it).
    String version = client.resource(denied).get().getMetadata().getResourceVersion();
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
        version.equals(client.resource(denied).get().getMetadata().getResourceVersion()));
    assertThat(capturePods("web", stranger)).isEmpty();
    assertThat(capturePods("db", tenant)).isEmpty();
  }

  @Test
  void aGrantedDiagnosisCarriesTheGrantsLimitsAndTheAdministratorsUriToTheAgent() throws IOException {
    startOperator();

    client.resource(diagnosis(tenant, "web", "web-01", s -> s.getCapture().getProbes().setMode(ProbeMode.Auto)))
        .create();
    Pod pod = await().atMost(PATIENCE).until(() -> capturePods("web", tenant), pods -> !pods.isEmpty()).get(0);
    String json = pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> CaptureRequest.ENV.equals(e.getName())).findFirst().orElseThrow().getValue();
    CaptureRequest request = new ObjectMapper().readValue(json, CaptureRequest.class);

    assertThat(request.getDomain()).isEqualTo("web-01");
    assertThat(request.getUri()).as("the node group's URI").isEqualTo("test:///policy/" + node.name() + ".xml");
    assertThat(request.getRequiredOwner()).as("the grant's owner tag, checked by the agent").isEqualTo("vms");
    assertThat(request.getSnapLength()).isEqualTo(96);
    assertThat(request.getPcapDirectory()).isNull();
    assertThat(request.isListKnownDomains()).as("a tenant's missing domain names no other domain").isFalse();
  }

  @Test
  void aKubevirtTargetIsJudgedByNamespaceAndCapabilitiesAloneAndAsksForNoOwnerTag() {
    startOperator();
    TestingKubevirt kubevirt = new TestingKubevirt(client);
    try {
      // fedora-01 matches none of the grant's domain patterns (web-*): they are libvirt's, not a VMI's.
      GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", tenant, "fedora-01", Map.of("NODE", node.name()));
      Pod launcher = kubevirt.launcherPod(vmi, node.name(), "Running");
      kubevirt.activePods(vmi, Map.of(launcher.getMetadata().getUid(), node.name()));

      // Judged before the VMI is looked for: denied, not VmiNotFound.
      NetworkDiagnosis stray = awaitDone(client.resource(TestingKubevirt.diagnosis(stranger, "kv", "fedora-01", null))
          .create());
      assertThat(condition(stray.getStatus(), "Ready").getReason()).isEqualTo("PolicyDenied");
      NetworkDiagnosis pcap = TestingKubevirt.diagnosis(tenant, "kv-pcap", "fedora-01", null);
      pcap.getSpec().getCapture().getPcap().setEnabled(true);
      assertThat(condition(awaitDone(client.resource(pcap).create()).getStatus(), "Ready").getMessage())
          .contains("capture.pcap.enabled (pcap is Disabled)");

      client.resource(TestingKubevirt.diagnosis(tenant, "kv", "fedora-01", null)).create();
      Pod pod = await().atMost(PATIENCE).until(() -> capturePods("kv", tenant), pods -> !pods.isEmpty()).get(0);
      CaptureRequest request = TestingCluster.request(pod);
      assertThat(request.getKubevirt().getVmi()).isEqualTo("fedora-01");
      assertThat(request.getRequiredOwner()).as("the grant's owner tag is libvirt metadata").isNull();
      assertThat(request.getSnapLength()).isEqualTo(96);
    } finally {
      kubevirt.close();
    }
  }

  @Test
  void probesDisabledByTheGrantLeaveNoProbesInTheRequest() throws IOException {
    clusterScoped.forEach(o -> client.resource(o).delete());
    clusterScoped.clear();
    String noProbes = Files.readString(ControlPlane.repositoryRoot().resolve("examples/policy/diagnosispolicy.yaml"))
        .replace("name: default ", "name: " + policyName + " ")
        .replace("names: [vms]", "names: [" + tenant + "]")
        .replace("probes: {mode: Allowed, ports: [22, 80, 443]}\n      pcap: {mode: Disabled}", "probes: {mode: Disabled}");
    assertThat(noProbes).contains("probes: {mode: Disabled}");
    await().atMost(PATIENCE).until(() -> client.resources(DiagnosisPolicy.class)
        .withName(policyName).get() == null);
    clusterScoped.add(client.resource(client.getKubernetesSerialization()
        .unmarshal(noProbes, GenericKubernetesResource.class)).create());
    startOperator();

    client.resource(diagnosis(tenant, "web", "web-01", s -> s.getCapture().getProbes().setMode(ProbeMode.Auto)))
        .create();
    Pod pod = await().atMost(PATIENCE).until(() -> capturePods("web", tenant), pods -> !pods.isEmpty()).get(0);
    String json = pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> CaptureRequest.ENV.equals(e.getName())).findFirst().orElseThrow().getValue();

    assertThat(new ObjectMapper().readValue(json, CaptureRequest.class).getProbeMode()).isEqualTo("Never");
  }

  private void startOperator() {
    LibvirtUris uris = new LibvirtUris("qemu:///system", List.of(new LibvirtUris.NodeGroup(
        Map.of("kubernetes.io/hostname", node.name()), "test:///policy/" + node.name() + ".xml")));
    operator = VmnetdiagOperator.create(client, OperatorSettings.defaults().withPolicyName(policyName)
        .withLibvirtUris(uris).withCaptureNamespace(captureNamespace));
    operator.start();
  }

  /** Renders the chart's admission policy for this test's policy, bound to this test's namespaces only. */
  /**
   * The alert receiver's diagnoses meet the same admission as a tenant's own: a trigger in a namespace without a
   * grant, or for a domain its grant does not name, gets the API server's refusal (outcome Refused, nothing created);
   * one the policy allows is created.
   */
  @Test
  void admissionJudgesAlertStartedDiagnosesLikeHandWrittenOnes() throws IOException {
    installAdmission();
    Path tokenFile = Files.createTempFile("vmnetdiag-alerts-token-", "");
    Files.writeString(tokenFile, "t0ken");
    try (AlertReceiver receiver = new AlertReceiver(client, java.util.Set.of(tenant, stranger),
        new AlertSettings(0, tokenFile, 10, 100, null), java.time.Clock.systemUTC()).start()) {
      for (String namespace : List.of(tenant, stranger)) {
        client.resource(client.getKubernetesSerialization().unmarshal("""
            apiVersion: vmnetdiag.io/v1alpha1
            kind: DiagnosisTrigger
            metadata: {name: probe-failed, namespace: %s}
            spec:
              matchers: [{name: alertname, value: VmProbeFailed}, {name: tenant, value: %s}]
              target: {libvirt: {nodeLabel: node, domainLabel: domain}}
            """.formatted(namespace, namespace), io.vmnetdiag.api.v1alpha1.DiagnosisTrigger.class)).create();
      }
      Alertmanager alertmanager = new Alertmanager(receiver.port(), "t0ken");
      java.util.function.Function<String, Alertmanager.Alert> alert = domainAndTenant -> Alertmanager.Alert.firing(
          Map.of("alertname", "VmProbeFailed", "node", node.name(), "domain", domainAndTenant.split("@")[0],
              "tenant", domainAndTenant.split("@")[1]), java.time.Instant.now());
      String group = Alertmanager.message("vmnetdiag", Map.of("alertname", "VmProbeFailed"), List.of(
          alert.apply("web-01@" + stranger), alert.apply("db-01@" + tenant), alert.apply("web-02@" + tenant)));

      Alertmanager.Response response = await().atMost(PATIENCE).until(() -> alertmanager.post(group),
          r -> r.outcomes().size() == 3 && !r.outcomes().contains("NoTrigger"));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.outcomes()).containsExactlyInAnyOrder("Refused", "Refused", "Created");
      assertThat(response.body().path("alerts").toString())
          .contains(PolicyRules.noGrantForNamespace(policyName, stranger))
          .contains("no grant of DiagnosisPolicy " + policyName + " lets namespace " + tenant
              + " diagnose libvirt:" + node.name() + "/db-01");
      assertThat(client.resources(NetworkDiagnosis.class).inNamespace(stranger).list().getItems()).isEmpty();
      assertThat(client.resources(NetworkDiagnosis.class).inNamespace(tenant).list().getItems())
          .extracting(nd -> nd.getSpec().getTarget().getLibvirt().getDomain()).containsExactly("web-02");
    } finally {
      Files.deleteIfExists(tokenFile);
    }
  }

  private void installAdmission() {
    String values = "fullnameOverride: " + policyName + "\npolicy: {name: " + policyName + "}\n"
        + "watchNamespaces: [" + tenant + ", " + stranger + "]\n";
    try {
      Path file = Files.createTempFile("vmnetdiag-values-", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, values);
      String manifest = new Helm(ControlPlane.repositoryRoot().resolve("helm/vmnetdiag")).template()
          .withName("vmnetdiag").withNamespace(tenant).withValuesFile(file).skipCrds()
          .withKubeVersion(client.getKubernetesVersion().getGitVersion()).call();
      List<HasMetadata> objects = client.getKubernetesSerialization().unmarshal(manifest);
      for (HasMetadata object : objects) {
        if (object instanceof ValidatingAdmissionPolicy || object instanceof ValidatingAdmissionPolicyBinding) {
          clusterScoped.add(0, client.resource(object).create());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(clusterScoped).hasSize(3);
    // The API server enforces a new policy once its policy source has synced it: wait for a denial.
    await().atMost(PATIENCE).until(() -> deniedMessage(diagnosis(stranger, "web", "web-01", s -> { })) != null);
  }

  /** The API server's message when it refuses to create the diagnosis; null when it would create it. */
  private String deniedMessage(NetworkDiagnosis nd) {
    try {
      client.resource(nd).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
      return e.getStatus().getMessage();
    }
  }

  private NetworkDiagnosis awaitDone(NetworkDiagnosis nd) {
    return await().atMost(PATIENCE).until(() -> client.resource(nd).get(),
        r -> r.getStatus() != null && r.getStatus().getCompletionTime() != null);
  }

  private List<Pod> capturePods(String diagnosis, String namespace) {
    // Capture pods live in the capture namespace; a label names the diagnosis, an annotation its namespace.
    return client.pods().inNamespace(captureNamespace).withLabel(CapturePods.LABEL_DIAGNOSIS, diagnosis).list()
        .getItems().stream().filter(p -> namespace.equals(p.getMetadata().getAnnotations()
            .get(CapturePods.ANNOTATION_NAMESPACE))).toList();
  }

  private NetworkDiagnosis diagnosis(String namespace, String name, String domain,
      Consumer<io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec> change) {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis(namespace, name, node.name(), domain);
    change.accept(nd.getSpec());
    return nd;
  }
}
