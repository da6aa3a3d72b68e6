package io.vmnetdiag.operator;

import static io.vmnetdiag.operator.NetworkDiagnosisReconcilerTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.alerts.AlertDiagnoses;
import io.vmnetdiag.operator.alerts.AlertReceiver;
import io.vmnetdiag.operator.alerts.AlertSettings;
import io.vmnetdiag.operator.alerts.Alertmanager;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import io.vmnetdiag.testkit.TestingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's RBAC, for real: the chart is rendered with helm-java, its ServiceAccount, (Cluster)Roles and
 * bindings are applied to the control plane, and the operator runs with a token of that account
 * (TokenRequest) and the environment the chart's Deployment gives it. Every API call of a whole diagnosis, of a
 * libvirt domain and of a KubeVirt VMI (informers, pod create/delete, pods/log, status, events, the finalizer, the
 * leader lease, the VMI and its virt-launcher pods; with alerts.enabled, the alert receiver's trigger and diagnosis
 * informers and the diagnosis an alert creates) then passes the
 * server's RBAC authorizer, or the diagnosis does not finish. The server's audit log then shows that no request
 * of the account was denied (some failures the operator only logs) and that every grant was used where it was
 * granted (a Role's in its namespace), or is listed with the reason it is kept: a missing or a superfluous
 * permission fails the test. Pods are granted in the capture namespace; in a tenant's namespace the account may
 * only list them (to find a VMI's virt-launcher pod).
 */
@ExtendWith(ControlPlaneExtension.class)
class ChartRbacTest {
  private ControlPlane controlPlane;
  private KubernetesClient admin;
  private String release;
  private String fullname;
  private TestingNode node;
  private TestingKubevirt kubevirt;
  /** Grants a whole diagnosis does not exercise, and why the chart keeps them. */
  private static final Map<String, String> KEPT_UNUSED = Map.of(
      "vmnetdiag.io/networkdiagnoses/status:patch",
      "JOSDK patches the error status (server-side apply) when a reconcile fails (updateErrorStatus)",
      "vmnetdiag.io/networkdiagnoses:delete",
      "deletes a one-shot diagnosis after its spec.ttlSecondsAfterFinished (DiagnosisRerunTest)",
      "/pods:get",
      "reads back a capture pod the informer has not seen yet, and the pod squatting a run's name (create 409)",
      "/events:list",
      "reads a pending capture pod's events (FailedMount); a diagnosis whose pod starts at once never asks",
      "vmnetdiag.io/diagnosispolicies:get",
      "a policy denial from the informer cache is read again from the API server before it stands",
      "/namespaces:get",
      "with a grant selecting namespaces by label, the namespace is read again before a denial stands",
      "coordination.k8s.io/leases:update",
      "JOSDK checks for it (SelfSubjectRulesReview) before it campaigns; fabric8's LeaseLock renews with patch");
  private final List<HasMetadata> clusterScoped = new ArrayList<>();
  /** scope|group/resource:verb, the scope a Role's namespace or * for a ClusterRole. */
  private final Set<String> granted = new TreeSet<>();
  private String captureNamespace;
  private String username;
  private final List<String> extraNamespaces = new ArrayList<>();
  private Operator operator;
  private AlertReceiver receiver;
  private static final String ALERT_TOKEN = "alertmanager-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
  private KubernetesClient operatorClient;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient admin, TestNamespace namespace) {
    this.controlPlane = controlPlane;
    this.admin = admin;
    this.release = namespace.name();
    // Cluster-scoped names carry the release's full name: unique, so runs never share a ClusterRole.
    this.fullname = "vmnd-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    this.node = new TestingNode(controlPlane, admin, "node-a");
    this.kubevirt = new TestingKubevirt(admin);
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (operator != null) {
      operator.stop();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    kubevirt.close();
    node.close();
    clusterScoped.forEach(o -> admin.resource(o).delete());
    extraNamespaces.forEach(ns -> admin.namespaces().withName(ns).delete());
  }

  @Test
  void clusterWideOperatorDiagnosesWithTheChartsAccountAlone() throws IOException {
    String workload = namespace("vms");
    startOperator(installChart("alerts: {enabled: true}"));

    // A report too large for the termination message: the operator reads it through pods/log.
    NetworkDiagnosis done = diagnose(TestingCluster.libvirtDiagnosis(workload, "web-01", node.name(), "web-01"), 300);
    NetworkDiagnosis vmi = diagnoseKubevirt(workload, "fedora-01");
    assertThat(vmi.getStatus().getVerdict().getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    alertStartsADiagnosis(workload, "web-09");

    assertThat(done.getStatus().getVerdict().getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    // The leader keeps its lease: renewals (which fabric8's LeaseLock sends as patches) pass RBAC too.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Lease lease = admin.leases().inNamespace(release).withName(OperatorSettings.LEASE_NAME).get();
      assertThat(lease).isNotNull();
      assertThat(lease.getSpec().getRenewTime()).isAfter(lease.getSpec().getAcquireTime());
    });
    assertThat(admin.v1().events().inNamespace(workload).list().getItems()).extracting(e -> e.getReason())
        .contains("CapturePodCreated", "Diagnosed");
    assertTheAccountUsedExactlyItsGrants();
    // In a tenant's namespace the account only lists pods (a VMI's virt-launcher pod): the server says so.
    assertThatThrownBy(() -> operatorClient.pods().inNamespace(workload).withName("virt-launcher-x").delete())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void namespacedOperatorDiagnosesInItsNamespacesAndCannotReachOthers() throws IOException {
    String watched = namespace("vms");
    String other = namespace("other");
    Map<String, String> env = installChart("watchNamespaces: [" + watched + "]\nalerts: {enabled: true}");
    assertThat(clusterScoped).as("no ClusterRole in namespaced mode but the policy reader's")
        .extracting(o -> o.getMetadata().getName()).containsOnly(fullname + "-operator-policy-reader");
    startOperator(env);

    NetworkDiagnosis done = diagnose(TestingCluster.libvirtDiagnosis(watched, "web-02", node.name(), "web-02"), 300);
    assertThat(done.getStatus().getVerdict().getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    diagnoseKubevirt(watched, "fedora-02");
    alertStartsADiagnosis(watched, "web-09");
    assertTheAccountUsedExactlyItsGrants();

    // The account's reach ends at the watched namespaces: the server says so.
    assertThatThrownBy(() -> operatorClient.pods().inNamespace(other).list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  /** The audit log's view of the operator's account: nothing denied, nothing granted in vain. */
  private void assertTheAccountUsedExactlyItsGrants() throws IOException {
    Set<String> used = new TreeSet<>();
    List<String> denied = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(controlPlane.auditLog())) {
      JsonNode event = json.readTree(line);
      JsonNode ref = event.path("objectRef");
      if (!username.equals(event.path("user").path("username").asText()) || ref.isMissingNode()
          || "authorization.k8s.io".equals(ref.path("apiGroup").asText())) {
        continue; // another identity, or a self-review every authenticated user may make
      }
      String resource = ref.path("resource").asText()
          + (ref.hasNonNull("subresource") ? "/" + ref.path("subresource").asText() : "");
      String grant = ref.path("apiGroup").asText("") + "/" + resource + ":" + event.path("verb").asText();
      String namespace = ref.path("namespace").asText("");
      // The authorizer's own decision: admission may refuse an authorized request (another test's namespace
      // being deleted, say), which is no missing permission.
      if ("forbid".equals(event.path("annotations").path("authorization.k8s.io/decision").asText())) {
        denied.add(grant + " " + event.path("requestURI").asText());
      } else {
        // Which grant allowed it: the namespace's Role, else the ClusterRole.
        used.add((granted.contains(namespace + "|" + grant) ? namespace : "*") + "|" + grant);
      }
    }
    assertThat(denied).as("requests of %s the server denied", username).isEmpty();
    assertThat(granted).as("grants used (audit log)").containsAll(used);
    Set<String> unused = new TreeSet<>();
    for (String grant : granted) {
      if (!used.contains(grant)) {
        unused.add(grant.substring(grant.indexOf('|') + 1));
      }
    }
    assertThat(unused).as("grants a whole diagnosis never used (used: %s)", used)
        .isSubsetOf(KEPT_UNUSED.keySet());
    assertThat(used).as("pods are touched in the capture namespace only; elsewhere only listed (virt-launcher pods)")
        .filteredOn(g -> g.contains("/pods") && !g.endsWith("/pods:list"))
        .allMatch(g -> g.startsWith(captureNamespace + "|"));
  }

  /** A KubeVirt diagnosis: its VMI and virt-launcher pod on the node, as KubeVirt writes them, then the diagnosis. */
  private NetworkDiagnosis diagnoseKubevirt(String namespace, String name) {
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", namespace, name, Map.of("NODE", node.name()));
    Pod launcher = kubevirt.launcherPod(vmi, node.name(), "Running");
    kubevirt.activePods(vmi, Map.of(launcher.getMetadata().getUid(), node.name()));
    return diagnose(TestingKubevirt.diagnosis(namespace, name, name, null), 1);
  }

  /** Creates a diagnosis as a user would, plays the kubelet, and waits until the operator finished it. */
  private NetworkDiagnosis diagnose(NetworkDiagnosis nd, int samplesPerHop) {
    TestingCluster cluster = new TestingCluster(admin);
    String namespace = nd.getMetadata().getNamespace();
    String name = nd.getMetadata().getName();
    admin.resource(nd).create();
    Pod pod = cluster.awaitCapturePod(captureNamespace, namespace, name, 1);
    ReportCodec.Encoded report = new ReportCodec().encode(
        TestingCluster.echo(pod, NetworkDiagnosisReconcilerTest.seedReport(samplesPerHop)));
    node.serveLog(captureNamespace, pod.getMetadata().getName(), CapturePods.CONTAINER,
        String.join("\n", report.logLines()));
    cluster.terminate(pod, report.terminationMessage(), 0);
    NetworkDiagnosis done = cluster.awaitStatus(namespace, name, s -> s.getCompletionTime() != null);
    assertThat(condition(done.getStatus(), "Ready").getStatus())
        .as(admin.getKubernetesSerialization().asYaml(done.getStatus())).isEqualTo("True");
    // Deleted, the diagnosis goes once the operator's finalizer is off (it patches the diagnosis for that).
    admin.resource(done).delete();
    await().atMost(Duration.ofSeconds(15))
        .until(() -> admin.resources(NetworkDiagnosis.class).inNamespace(namespace).withName(name).get() == null);
    return done;
  }

  /**
   * Renders the chart into the release namespace, applies its account and RBAC objects, and returns the
   * operator container's environment as the Deployment sets it.
   */
  private Map<String, String> installChart(String values) {
    captureNamespace = release + "-capture";
    // Rendered for the test's API server, as helm install does.
    TemplateCommand template = new Helm(chartDir()).template().withName("vmnetdiag").withNamespace(release)
        .withKubeVersion(admin.getKubernetesVersion().getGitVersion())
        .withValuesFile(valuesFile("fullnameOverride: " + fullname + "\ncapture: {namespace: " + captureNamespace
            + "}\n" + values)).skipCrds();
    List<HasMetadata> objects = admin.getKubernetesSerialization().unmarshal(template.call());
    Deployment deployment = null;
    for (HasMetadata object : objects) {
      if (object instanceof Deployment d) {
        deployment = d;
        continue;
      }
      if (object instanceof ValidatingAdmissionPolicy || object instanceof ValidatingAdmissionPolicyBinding
          || object instanceof Service) {
        continue; // admission or the alert receiver's Service, not the operator's account
      }
      if (object instanceof Service) {
        continue; // the metrics Service: no API access
      }
      assertThat(object).isInstanceOfAny(ServiceAccount.class, ClusterRole.class, ClusterRoleBinding.class,
          Role.class, RoleBinding.class, Namespace.class);
      if (object instanceof ClusterRole role) {
        role.getRules().forEach(rule -> grant("*", rule));
      } else if (object instanceof Role role) {
        role.getRules().forEach(rule -> grant(role.getMetadata().getNamespace(), rule));
      }
      if (object instanceof Namespace capture) {
        assertThat(capture.getMetadata().getName()).isEqualTo(captureNamespace);
        assertThat(capture.getMetadata().getLabels()).containsEntry(ControlPlaneExtension.POD_SECURITY_ENFORCE,
            "privileged");
        admin.resource(object).create();
        extraNamespaces.add(captureNamespace);
      } else if (object instanceof ClusterRole || object instanceof ClusterRoleBinding) {
        clusterScoped.add(object);
        admin.resource(object).create();
      } else {
        admin.resource(object).inNamespace(object.getMetadata().getNamespace() == null ? release
            : object.getMetadata().getNamespace()).create();
      }
    }
    assertThat(deployment).as("the chart renders the operator's Deployment").isNotNull();
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValueFrom() != null) {
        assertThat(var.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        env.put(var.getName(), release);
      } else {
        env.put(var.getName(), var.getValue());
      }
    }
    env.put("VMNETDIAG_HEALTH_PORT", "0");
    if (env.containsKey("VMNETDIAG_ALERTS_PORT")) {
      env.put("VMNETDIAG_ALERTS_PORT", "0"); // enabled, on a free port; the token as a file, as the Secret's mount
      env.put("VMNETDIAG_ALERTS_TOKEN_FILE", valuesFile(ALERT_TOKEN).toString());
    }
    String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    username = "system:serviceaccount:" + release + ":" + account;
    operatorClient = clientFor(release, account);
    return env;
  }

  private void grant(String scope, PolicyRule rule) {
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          granted.add(scope + "|" + group + "/" + resource + ":" + verb);
        }
      }
    }
  }

  private void startOperator(Map<String, String> env) {
    OperatorSettings settings = OperatorSettings.fromEnvironment(env);
    operator = VmnetdiagOperator.create(operatorClient, settings, Clock.systemUTC(), false);
    operator.start();
    if (env.containsKey("VMNETDIAG_ALERTS_PORT")) {
      AlertSettings alerts = AlertSettings.fromEnvironment(env);
      receiver = new AlertReceiver(operatorClient, settings.watchNamespaces(), alerts.withPort(0), Clock.systemUTC())
          .start();
    }
  }

  /**
   * A DiagnosisTrigger (the tenant's, applied by the admin) and a firing alert posted to the receiver, which runs with
   * the chart's account: it reads triggers and alert-started diagnoses through informers and creates the diagnosis.
   * The trigger's status then tells of the diagnosis (the account writes it). The diagnosis is then deleted, which
   * the operator's finalizer lets happen.
   */
  private void alertStartsADiagnosis(String namespace, String domain) {
    DiagnosisTrigger trigger = admin.getKubernetesSerialization().unmarshal("""
        apiVersion: vmnetdiag.io/v1alpha1
        kind: DiagnosisTrigger
        metadata: {name: probe-failed, namespace: %s}
        spec:
          matchers: [{name: alertname, value: VmProbeFailed}]
          target: {libvirt: {nodeLabel: node, domainLabel: domain}}
        """.formatted(namespace), DiagnosisTrigger.class);
    admin.resource(trigger).create();
    Alertmanager alertmanager = new Alertmanager(receiver.port(), ALERT_TOKEN);
    String group = Alertmanager.message("vmnetdiag", Map.of("alertname", "VmProbeFailed"), List.of(
        Alertmanager.Alert.firing(Map.of("alertname", "VmProbeFailed", "node", node.name(), "domain", domain),
            java.time.Instant.now())));
    await().atMost(Duration.ofSeconds(20)).until(() -> alertmanager.post(group).outcomes().contains("Created"));
    // The trigger's status, written with the account's diagnosistriggers/status grant, tells of the diagnosis.
    await().atMost(Duration.ofSeconds(20)).until(() -> admin.resources(DiagnosisTrigger.class).inNamespace(namespace)
        .withName("probe-failed").get().getStatus(), s -> s != null && s.getCounts() != null
        && s.getCounts().getCreated() == 1);
    List<NetworkDiagnosis> created = admin.resources(NetworkDiagnosis.class).inNamespace(namespace)
        .withLabel(AlertDiagnoses.LABEL_VM).list().getItems();
    assertThat(created).singleElement().satisfies(nd -> assertThat(nd.getSpec().getTarget().getLibvirt().getDomain())
        .isEqualTo(domain));
    admin.resource(created.get(0)).delete();
    await().atMost(Duration.ofSeconds(15)).until(() -> admin.resources(NetworkDiagnosis.class).inNamespace(namespace)
        .withLabel(AlertDiagnoses.LABEL_VM).list().getItems().isEmpty());
  }

  /** A client that authenticates as the service account, with a token the server issues (TokenRequest). */
  private KubernetesClient clientFor(String namespace, String account) {
    String token = admin.serviceAccounts().inNamespace(namespace).withName(account)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    Config adminConfig = controlPlane.adminConfig();
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(adminConfig.getMasterUrl())
        .withCaCertData(adminConfig.getCaCertData())
        .withOauthToken(token)
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private String namespace(String prefix) {
    String name = release + "-" + prefix;
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, "restricted").endMetadata().build()).create();
    extraNamespaces.add(name);
    return name;
  }

  private static Path chartDir() {
    return ControlPlane.repositoryRoot().resolve("helm/vmnetdiag");
  }

  private static Path valuesFile(String yaml) {
    try {
      Path file = Files.createTempFile("vmnetdiag-values-", ".yaml");
      file.toFile().deleteOnExit();
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
