package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.AlertMatcher;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.MatchOperator;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.alerts.AlertDiagnoses;
import io.vmnetdiag.operator.alerts.AlertReceiver;
import io.vmnetdiag.operator.alerts.AlertSettings;
import io.vmnetdiag.operator.alerts.Alertmanager;
import io.vmnetdiag.operator.alerts.Alertmanager.Alert;
import io.vmnetdiag.operator.status.Reasons;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alert-started diagnoses end to end: the operator and its alert receiver run against the real control plane, and
 * the test posts Alertmanager's version-4 webhook messages over HTTP, then checks exactly which diagnoses exist.
 */
@ExtendWith(ControlPlaneExtension.class)
class AlertTriggeredDiagnosisTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final String token = UUID.randomUUID().toString();
  private final MutableClock clock = new MutableClock();
  private ControlPlane controlPlane;
  private KubernetesClient client;
  private TestNamespace namespace;
  private OperatorTestBed bed;
  private AlertReceiver receiver;
  private Alertmanager alertmanager;
  private Path tokenFile;

  @BeforeEach
  void keep(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) throws IOException {
    this.controlPlane = controlPlane;
    this.client = client;
    this.namespace = namespace;
    tokenFile = Files.createTempFile("vmnetdiag-alerts-token-", "");
    Files.writeString(tokenFile, token + "\n");
  }

  @AfterEach
  void stop() throws IOException {
    if (receiver != null) {
      receiver.close();
    }
    if (bed != null) {
      bed.close();
    }
    Files.deleteIfExists(tokenFile);
  }

  @Test
  void everyFiringAlertOfAGroupStartsOneDiagnosisAndRedeliveriesStartNothing() {
    start(UnaryOperator.identity(), 10, 100);
    applyExample("diagnosistrigger-libvirt.yaml");
    awaitTriggerSeen(Map.of("alertname", "VmProbeFailed", "severity", "critical"));
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    Alert web1 = probeFailed("web-01", "critical", startsAt);
    Alert web2 = probeFailed("web-02", "warning", startsAt);
    Alert web3 = probeFailed("web-03", "critical", startsAt);
    Alert web4 = probeFailed("web-04", "critical", startsAt).resolved();
    Alert otherAlert = Alert.firing(Map.of("alertname", "DiskFull", "severity", "critical", "node", "node-a",
        "domain", "web-05"), startsAt);
    Alert infoOnly = probeFailed("web-06", "info", startsAt);
    String group = group(web1, web2, web3, web4, otherAlert, infoOnly);

    Alertmanager.Response first = alertmanager.post(group);

    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(first.outcomes()).containsExactlyInAnyOrder("Created", "Created", "Created", "Resolved", "NoTrigger",
        "NoTrigger");
    Map<String, NetworkDiagnosis> byDomain = diagnosesByDomain();
    assertThat(byDomain).containsOnlyKeys("web-01", "web-02", "web-03");
    NetworkDiagnosis nd1 = byDomain.get("web-01");
    assertThat(nd1.getMetadata().getAnnotations())
        .containsEntry(AlertDiagnoses.ANNOTATION_FINGERPRINT, web1.fingerprint())
        .containsEntry(AlertDiagnoses.ANNOTATION_STARTS_AT, startsAt.toString())
        .containsEntry(AlertDiagnoses.ANNOTATION_TRIGGER, "probe-failed")
        .containsEntry(AlertDiagnoses.ANNOTATION_GENERATOR_URL,
            "http://prometheus.example:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1");
    assertThat(nd1.getSpec().getCapture().getDuration()).as("the trigger's capture template").isEqualTo("5s");
    assertThat(nd1.getSpec().getCapture().getPorts()).containsExactly(22);
    assertThat(nd1.getSpec().getTarget().getLibvirt().getNode()).isEqualTo("node-a");
    // The operator links the diagnosis back to its trigger and alert in the status.
    NetworkDiagnosis linked = bed.cluster.awaitStatus(bed.ns, nd1.getMetadata().getName(), s -> s.getTrigger() != null);
    assertThat(linked.getStatus().getTrigger().getName()).isEqualTo("probe-failed");
    assertThat(linked.getStatus().getTrigger().getAlertFingerprint()).isEqualTo(web1.fingerprint());
    assertThat(linked.getStatus().getTrigger().getAlertStartsAt()).isEqualTo(startsAt.toString());

    // The HA peer's delivery of the same group, and a retry: nothing new.
    for (int i = 0; i < 2; i++) {
      Alertmanager.Response again = alertmanager.post(group);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.outcomes()).containsExactlyInAnyOrder("Duplicate", "Duplicate", "Duplicate", "Resolved",
          "NoTrigger", "NoTrigger");
    }
    // Another alert about web-01 while its diagnosis runs: nothing new either.
    Alert web1Again = Alert.firing(Map.of("alertname", "VmProbeFailed", "severity", "critical", "node", "node-a",
        "domain", "web-01", "module", "icmp"), startsAt.plusSeconds(30));
    assertThat(alertmanager.post(group(web1Again)).outcomes()).containsExactly("Active");
    assertThat(diagnosesByDomain()).containsOnlyKeys("web-01", "web-02", "web-03");

    // The trigger changes, and the next alert sees the change: no restart.
    DiagnosisTrigger trigger = client.resources(DiagnosisTrigger.class).inNamespace(bed.ns).withName("probe-failed")
        .get();
    AlertMatcher either = new AlertMatcher();
    either.setName("alertname");
    either.setOperator(MatchOperator.Regex);
    either.setValue("VmProbeFailed|VmUnreachable");
    trigger.getSpec().setMatchers(List.of(either));
    client.resource(trigger).update();
    Alert unreachable = Alert.firing(Map.of("alertname", "VmUnreachable", "node", "node-a", "domain", "web-07"),
        startsAt);
    await().atMost(PATIENCE).until(() -> alertmanager.post(group(unreachable)).outcomes().contains("Created"));
    assertThat(diagnosesByDomain()).containsOnlyKeys("web-01", "web-02", "web-03", "web-07");
  }

  @Test
  void badRequestsGetA4xxWithTheReasonAndCreateNothing() {
    start(UnaryOperator.identity(), 10, 100);
    applyExample("diagnosistrigger-libvirt.yaml");
    awaitTriggerSeen(Map.of("alertname", "VmProbeFailed", "severity", "critical"));
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String good = group(probeFailed("web-01", "critical", startsAt));

    assertThat(alertmanager.post(good, null).status()).as("no token").isEqualTo(401);
    assertThat(alertmanager.post(good, "not-" + token).status()).as("wrong token").isEqualTo(401);
    Alertmanager.Response badJson = alertmanager.post(good.substring(0, good.length() / 2));
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.body().path("reason").asText()).contains("not Alertmanager's webhook JSON");
    Alertmanager.Response version3 = alertmanager.post(good.replace("\"version\":\"4\"", "\"version\":\"3\""));
    assertThat(version3.status()).isEqualTo(400);
    assertThat(version3.body().path("reason").asText()).contains("unknown webhook version '3'");
    Alertmanager.Response noFingerprint = alertmanager.post(good.replaceAll("\"fingerprint\":\"[0-9a-f]+\"",
        "\"fingerprint\":\"\""));
    assertThat(noFingerprint.status()).isEqualTo(400);
    assertThat(noFingerprint.body().path("reason").asText()).contains("alerts[0] has no fingerprint");
    // One alert of the group lacks the label that names its domain: the whole group is refused, web-01 included.
    Alert noDomain = Alert.firing(Map.of("alertname", "VmProbeFailed", "severity", "critical", "node", "node-a"),
        startsAt);
    Alertmanager.Response missing = alertmanager.post(group(probeFailed("web-01", "critical", startsAt), noDomain));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body().path("reason").asText()).contains("lacks the label(s) domain")
        .contains(noDomain.fingerprint());

    assertThat(client.resources(NetworkDiagnosis.class).inNamespace(bed.ns).list().getItems()).isEmpty();
    // A trigger the schema refuses never reaches the receiver: both kinds of target at once.
    String both = """
        apiVersion: vmnetdiag.io/v1alpha1
        kind: DiagnosisTrigger
        metadata: {name: both, namespace: %s}
        spec:
          matchers: [{name: alertname, value: VmProbeFailed}]
          target: {libvirt: {}, kubevirt: {}}
        """.formatted(bed.ns);
    assertThatThrownBy(() -> client.resource(client.getKubernetesSerialization().unmarshal(both,
        GenericKubernetesResource.class)).create()).hasMessageContaining("set exactly one of target.libvirt or target.kubevirt");
    // A trigger whose regex does not compile matches nothing, and says so in the response.
    String badRegex = """
        apiVersion: vmnetdiag.io/v1alpha1
        kind: DiagnosisTrigger
        metadata: {name: bad-regex, namespace: %s}
        spec:
          matchers: [{name: alertname, operator: Regex, value: "VmProbe(Failed"}]
          target: {libvirt: {}}
        """.formatted(bed.ns);
    client.resource(client.getKubernetesSerialization().unmarshal(badRegex, GenericKubernetesResource.class)).create();
    Alertmanager.Response invalid = await().atMost(PATIENCE).until(() -> alertmanager.post(good),
        r -> r.outcomes().contains("InvalidTrigger"));
    assertThat(invalid.outcomes()).containsExactly("InvalidTrigger", "Created");
    assertThat(invalid.body().path("alerts").get(0).path("message").asText()).contains("does not compile");
    client.resources(DiagnosisTrigger.class).inNamespace(bed.ns).withName("bad-regex").delete();

    assertThat(diagnosesByDomain()).as("only the good group, once").containsOnlyKeys("web-01");
    // The same good group again: the diagnosis exists; nothing new.
    assertThat(alertmanager.post(good).outcomes()).containsExactly("Duplicate");
    assertThat(diagnosesByDomain()).containsOnlyKeys("web-01");
  }

  @Test
  void aVmGetsNoNewDiagnosisDuringTheCooldownAndOtherTenantsVmsNone() {
    start(UnaryOperator.identity(), 10, 100);
    applyExample("diagnosistrigger-kubevirt.yaml");
    awaitTriggerSeen(Map.of("alertname", "VmProbeFailed", "namespace", bed.ns));
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Alert first = vmiProbeFailed(bed.ns, "fedora-01", "http", startsAt);

    assertThat(alertmanager.post(group(first)).outcomes()).containsExactly("Created");
    // No such VMI: the diagnosis ends at once (VmiNotFound), so only the cooldown holds the next alert back.
    String name = kubevirtDiagnoses().get(0).getMetadata().getName();
    bed.cluster.awaitStatus(bed.ns, name, s -> s.getCompletionTime() != null);
    Alert second = vmiProbeFailed(bed.ns, "fedora-01", "icmp", startsAt.plusSeconds(60));
    Alertmanager.Response held = alertmanager.post(group(second));
    assertThat(held.outcomes()).containsExactly("CoolingDown");
    assertThat(held.body().path("alerts").get(0).path("message").asText()).contains("cooldown of PT30M");
    assertThat(alertmanager.post(group(vmiProbeFailed("someone-else", "fedora-01", "http", startsAt))).outcomes())
        .as("a VMI of another namespace").containsExactly("NoTrigger");
    assertThat(kubevirtDiagnoses()).hasSize(1);

    clock.advance(Duration.ofMinutes(31));
    assertThat(alertmanager.post(group(second)).outcomes()).containsExactly("Created");
    assertThat(kubevirtDiagnoses()).extracting(nd -> nd.getMetadata().getAnnotations()
        .get(AlertDiagnoses.ANNOTATION_FINGERPRINT)).containsExactlyInAnyOrder(first.fingerprint(), second.fingerprint());
    assertThat(kubevirtDiagnoses()).allSatisfy(nd -> assertThat(nd.getSpec().getTarget().getKubevirt().getName())
        .isEqualTo("fedora-01"));
  }

  @Test
  void anAlertStartedDiagnosisObeysTheDiagnosisPolicy() {
    start(s -> s.withPolicyName("no-such-policy-" + UUID.randomUUID()), 10, 100);
    applyExample("diagnosistrigger-libvirt.yaml");
    awaitTriggerSeen(Map.of("alertname", "VmProbeFailed", "severity", "critical"));

    assertThat(alertmanager.post(group(probeFailed("web-01", "critical", Instant.now()))).outcomes())
        .containsExactly("Created");
    String name = diagnosesByDomain().get("web-01").getMetadata().getName();
    NetworkDiagnosis denied = bed.cluster.awaitStatus(bed.ns, name, s -> s.getCompletionTime() != null);
    assertThat(TestingCluster.condition(denied.getStatus(), "Ready").getReason()).isEqualTo(Reasons.POLICY_DENIED);
    assertThat(denied.getStatus().getTrigger().getName()).isEqualTo("probe-failed");
    assertThat(bed.cluster.podsOf(bed.captureNs, denied)).as("no capture pod").isEmpty();
  }

  @Test
  void aStormOfAThousandAlertsCreatesOneDiagnosisPerVmWithinTheRateLimit() throws Exception {
    int burst = 25;
    start(UnaryOperator.identity(), 0.001, burst);
    applyExample("diagnosistrigger-libvirt.yaml");
    awaitTriggerSeen(Map.of("alertname", "VmProbeFailed", "severity", "critical"));
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    // 1,000 deliveries of one group of ten VMs (HA peers, retries, repeats), ten alerts per request, 8 at a time.
    List<Alert> ten = IntStream.range(0, 10).mapToObj(i -> probeFailed("dup-" + i, "critical", startsAt)).toList();
    String tenVms = group(ten.toArray(Alert[]::new));
    long t0 = System.nanoTime();
    List<Alertmanager.Response> duplicates = alertmanager.storm(Collections.nCopies(100, tenVms));
    double duplicateSeconds = (System.nanoTime() - t0) / 1e9;
    assertThat(duplicates).extracting(Alertmanager.Response::status).containsOnly(200);
    assertThat(count(duplicates, "Created")).isEqualTo(10);
    assertThat(count(duplicates, "Duplicate") + count(duplicates, "Active")).isEqualTo(990);
    assertThat(diagnosesByDomain()).containsOnlyKeys(ten.stream().map(a -> a.labels().get("domain")).toArray(String[]::new));

    // 1,000 alerts about 1,000 VMs: the 15 tokens left create 15 diagnoses, the rest get 503 (Alertmanager retries).
    List<String> bodies = new ArrayList<>();
    for (int request = 0; request < 100; request++) {
      int base = request * 10;
      bodies.add(group(IntStream.range(0, 10).mapToObj(i -> probeFailed("vm-" + (base + i), "critical", startsAt))
          .toArray(Alert[]::new)));
    }
    t0 = System.nanoTime();
    List<Alertmanager.Response> storm = alertmanager.storm(bodies);
    double stormSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("alert storm: 1000 duplicate alerts in %.2fs, 1000 distinct alerts in %.2fs%n",
        duplicateSeconds, stormSeconds);
    assertThat(storm).as("503 exactly where an alert was rate limited")
        .allMatch(r -> r.status() == (r.outcomes().contains("RateLimited") ? 503 : 200));
    assertThat(storm).filteredOn(r -> r.status() == 503)
        .allSatisfy(r -> assertThat(r.raw().headers().firstValue("Retry-After")).isPresent());
    assertThat(count(storm, "Created")).isEqualTo(burst - 10);
    assertThat(count(storm, "RateLimited")).isEqualTo(1000 - (burst - 10));
    Set<String> created = new java.util.TreeSet<>();
    storm.forEach(r -> r.body().path("alerts").forEach(a -> {
      if (a.path("outcome").asText().equals("Created")) {
        created.add(a.path("diagnosis").asText().replace(bed.ns + "/", ""));
      }
    }));
    assertThat(client.resources(NetworkDiagnosis.class).inNamespace(bed.ns).list().getItems())
        .extracting(nd -> nd.getMetadata().getName()).hasSize(burst)
        .containsAll(created);
    assertThat(stormSeconds).as("the storm is answered in seconds").isLessThan(30);
  }

  /**
   * Two replicas (each receiver with its own informers and memory) and an HA Alertmanager pair sending every group
   * to both: the deterministic names make the API server keep one diagnosis per VM.
   */
  @Test
  void twoReplicasGivenTheSameGroupsCreateOneDiagnosisPerVm() throws Exception {
    start(UnaryOperator.identity(), 100, 1000);
    applyExample("diagnosistrigger-libvirt.yaml");
    try (AlertReceiver second = new AlertReceiver(client, Set.of(bed.ns),
        new AlertSettings(0, tokenFile, 100, 1000, null), clock).start()) {
      Alertmanager peer = new Alertmanager(second.port(), token);
      awaitTriggerSeen(Map.of("alertname", "VmProbeFailed", "severity", "critical"));
      await().atMost(PATIENCE).until(() -> peer.post(group(Alert.firing(Map.of("alertname", "VmProbeFailed",
          "severity", "critical"), Instant.now()))).status() == 422);
      Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      List<Alert> ten = IntStream.range(0, 10).mapToObj(i -> probeFailed("ha-" + i, "critical", startsAt)).toList();
      String body = group(ten.toArray(Alert[]::new));

      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Alertmanager.Response>> futures = new ArrayList<>();
      try {
        for (int i = 0; i < 100; i++) {
          Alertmanager target = i % 2 == 0 ? alertmanager : peer;
          futures.add(pool.submit(() -> target.post(body)));
        }
        List<Alertmanager.Response> responses = new ArrayList<>();
        for (Future<Alertmanager.Response> future : futures) {
          responses.add(future.get());
        }
        assertThat(responses).extracting(Alertmanager.Response::status).containsOnly(200);
        assertThat(count(responses, "Created")).isEqualTo(10);
      } finally {
        pool.shutdownNow();
      }
      assertThat(diagnosesByDomain()).containsOnlyKeys(ten.stream().map(a -> a.labels().get("domain"))
          .toArray(String[]::new));
    }
  }

  private static long count(List<Alertmanager.Response> responses, String outcome) {
    return responses.stream().flatMap(r -> r.outcomes().stream()).filter(outcome::equals).count();
  }


  private void start(UnaryOperator<OperatorSettings> settings, double createsPerSecond, int burst) {
    bed = OperatorTestBed.start(controlPlane, client, namespace, "node-a", settings, Clock.systemUTC());
    receiver = new AlertReceiver(client, Set.of(bed.ns), new AlertSettings(0, tokenFile, createsPerSecond, burst, null),
        clock).start();
    alertmanager = new Alertmanager(receiver.port(), token);
  }

  /** Applies an example trigger from examples/alerts/, in the bed's tenant namespace. */
  private void applyExample(String file) {
    try {
      String yaml = Files.readString(ControlPlane.repositoryRoot().resolve("examples/alerts/" + file))
          .replace("namespace: vms", "namespace: " + bed.ns);
      client.resource(client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class)).create();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits until the receiver's informer has the trigger: an alert it matches, without the VM's labels, is refused. */
  private void awaitTriggerSeen(Map<String, String> matchingLabels) {
    String probe = group(Alert.firing(matchingLabels, Instant.now()));
    await().atMost(PATIENCE).until(() -> alertmanager.post(probe).status() == 422);
  }

  private static Alert probeFailed(String domain, String severity, Instant startsAt) {
    return Alert.firing(Map.of("alertname", "VmProbeFailed", "severity", severity, "node", "node-a",
        "domain", domain, "instance", domain + ".vms.example:22", "job", "blackbox"), startsAt);
  }

  private static Alert vmiProbeFailed(String namespace, String vmi, String module, Instant startsAt) {
    return Alert.firing(Map.of("alertname", "VmProbeFailed", "namespace", namespace, "vmi", vmi, "module", module),
        startsAt);
  }

  private static String group(Alert... alerts) {
    return Alertmanager.message("vmnetdiag", Map.of("alertname", "VmProbeFailed"), List.of(alerts));
  }

  private Map<String, NetworkDiagnosis> diagnosesByDomain() {
    Map<String, NetworkDiagnosis> byDomain = new HashMap<>();
    for (NetworkDiagnosis nd : client.resources(NetworkDiagnosis.class).inNamespace(bed.ns).list().getItems()) {
      NetworkDiagnosis previous = byDomain.put(nd.getSpec().getTarget().getLibvirt().getDomain(), nd);
      assertThat(previous).as("one diagnosis per VM").isNull();
    }
    return byDomain;
  }

  private List<NetworkDiagnosis> kubevirtDiagnoses() {
    return client.resources(NetworkDiagnosis.class).inNamespace(bed.ns).list().getItems().stream()
        .filter(nd -> nd.getSpec().getTarget().getKubevirt() != null).collect(Collectors.toList());
  }
}
