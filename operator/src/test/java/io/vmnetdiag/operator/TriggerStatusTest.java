package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.DiagnosisTriggerStatus;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.alerts.AlertReceiver;
import io.vmnetdiag.operator.alerts.AlertSettings;
import io.vmnetdiag.operator.alerts.Alertmanager;
import io.vmnetdiag.operator.alerts.Alertmanager.Alert;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A DiagnosisTrigger's status, written by the alert receiver against the real control plane: Ready or Stalled as
 * soon as the trigger changes, then what its alerts led to; and, in a storm, how few writes and events that costs
 * (counted from the API server's audit log and the events themselves).
 */
@ExtendWith(ControlPlaneExtension.class)
class TriggerStatusTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final String token = UUID.randomUUID().toString();
  private ControlPlane controlPlane;
  private KubernetesClient client;
  private String ns;
  private AlertReceiver receiver;
  private Alertmanager alertmanager;
  private Path tokenFile;

  @BeforeEach
  void keep(ControlPlane controlPlane, KubernetesClient client, TestNamespace namespace) throws IOException {
    this.controlPlane = controlPlane;
    this.client = client;
    this.ns = namespace.name();
    tokenFile = Files.createTempFile("vmnetdiag-alerts-token-", "");
    Files.writeString(tokenFile, token + "\n");
  }

  @AfterEach
  void stop() throws IOException {
    if (receiver != null) {
      receiver.close();
    }
    Files.deleteIfExists(tokenFile);
  }

  @Test
  void aValidTriggerBecomesReadyAndABrokenOneStalledBeforeAnyAlert() {
    start(10, 100);
    create("probe-failed", "{name: severity, operator: Regex, value: \"warning|critical\"}");
    create("broken", "{name: severity, operator: Regex, value: \"crit(ical\"}");

    DiagnosisTriggerStatus ready = awaitStatus("probe-failed", s -> condition(s, "Ready") != null);
    assertThat(condition(ready, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(ready, "Ready").getReason()).isEqualTo("Valid");
    assertThat(condition(ready, "Ready").getObservedGeneration()).isEqualTo(1L);
    assertThat(condition(ready, "Stalled")).as("kstatus: Stalled only while True").isNull();
    assertThat(ready.getObservedGeneration()).isEqualTo(1L);
    assertThat(ready.getCounts().getCreated()).isZero();
    assertThat(ready.getLastAlert()).isNull();

    DiagnosisTriggerStatus stalled = awaitStatus("broken", s -> condition(s, "Ready") != null);
    assertThat(condition(stalled, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(stalled, "Ready").getReason()).isEqualTo("InvalidMatcher");
    assertThat(condition(stalled, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(stalled, "Stalled").getMessage()).contains("spec.matchers[1]").contains("does not compile");

    // Fixed: Ready at the new generation, and Stalled gone.
    DiagnosisTrigger broken = trigger("broken");
    broken.getSpec().getMatchers().get(1).setValue("crit(ical)");
    client.resource(broken).update();
    DiagnosisTriggerStatus fixed = awaitStatus("broken", s -> s.getObservedGeneration() == 2L);
    assertThat(condition(fixed, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(fixed, "Ready").getObservedGeneration()).isEqualTo(2L);
    assertThat(condition(fixed, "Stalled")).isNull();
  }

  @Test
  void theStatusShowsTheLastMatchTheCreatedDiagnosisTheCountsAndTheRefusal() {
    start(10, 100);
    create("probe-failed", "{name: severity, operator: Regex, value: \"warning|critical\"}");
    awaitStatus("probe-failed", s -> condition(s, "Ready") != null);
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Alert web1 = probeFailed("web-01", startsAt);
    Alert web2 = probeFailed("web-02", startsAt);

    assertThat(alertmanager.post(group(web1, web2)).outcomes()).containsExactly("Created", "Created");
    assertThat(alertmanager.post(group(web1, web2)).outcomes()).containsExactly("Duplicate", "Duplicate");
    Alert noDomain = Alert.firing(Map.of("alertname", "VmProbeFailed", "severity", "critical", "node", "node-a"),
        startsAt);
    assertThat(alertmanager.post(group(noDomain)).status()).isEqualTo(422);

    DiagnosisTriggerStatus status = awaitStatus("probe-failed", s -> s.getCounts().getRefused() == 1
        && s.getCounts().getCreated() == 2 && s.getCounts().getDuplicate() == 2);
    assertThat(status.getLastAlert().getFingerprint()).isEqualTo(noDomain.fingerprint());
    assertThat(status.getLastAlert().getStartsAt()).isEqualTo(startsAt.toString());
    assertThat(status.getLastAlert().getReceivedAt()).isNotBlank();
    List<String> diagnoses = client.resources(NetworkDiagnosis.class).inNamespace(ns).list().getItems().stream()
        .map(nd -> nd.getMetadata().getName()).toList();
    assertThat(diagnoses).hasSize(2).contains(status.getLastDiagnosis());
    assertThat(status.getLastRefusal().getReason()).isEqualTo("MissingLabels");
    assertThat(status.getLastRefusal().getMessage()).contains("lacks the label(s) domain");
    assertThat(status.getLastRefusal().getFingerprint()).isEqualTo(noDomain.fingerprint());
    assertThat(status.getCounts().getCoolingDown()).isZero();
    assertThat(status.getCounts().getDeferred()).isZero();
    List<Event> events = await().atMost(PATIENCE).until(() -> triggerEvents("probe-failed"),
        e -> e.stream().anyMatch(x -> x.getReason().equals("AlertRefused")));
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("DiagnosisCreated");
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getMessage()).contains("created NetworkDiagnosis alert-web-0");
    });
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("MissingLabels").contains(noDomain.fingerprint());
    });
  }

  @Test
  void aDiagnosisTheApiServerRefusesShowsAsTheLastRefusal() {
    // A quota of no diagnoses at all: the API server forbids the create (admission), as a policy would. The test's
    // control plane runs no quota controller, so the quota's status (which admission reads) is written here.
    String count = "count/networkdiagnoses.vmnetdiag.io";
    ResourceQuota quota = client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-diagnoses")
        .withNamespace(ns).endMetadata().withNewSpec().addToHard(count, new Quantity("0")).endSpec().build()).create();
    quota.setStatus(new ResourceQuotaStatusBuilder().addToHard(count, new Quantity("0"))
        .addToUsed(count, new Quantity("0")).build());
    client.resource(quota).updateStatus();
    start(10, 100);
    create("probe-failed", "{name: severity, operator: Regex, value: \"warning|critical\"}");
    awaitStatus("probe-failed", s -> condition(s, "Ready") != null);

    Alert web1 = probeFailed("web-01", Instant.now().truncatedTo(ChronoUnit.SECONDS));
    assertThat(await().atMost(PATIENCE).until(() -> alertmanager.post(group(web1)).outcomes(), o -> !o.isEmpty()))
        .containsExactly("Refused");

    DiagnosisTriggerStatus status = awaitStatus("probe-failed", s -> s.getLastRefusal() != null);
    assertThat(status.getLastRefusal().getReason()).isEqualTo("Refused");
    assertThat(status.getLastRefusal().getMessage()).contains("the API server refused").contains("quota");
    assertThat(status.getCounts().getRefused()).isEqualTo(1);
    assertThat(status.getCounts().getCreated()).isZero();
    assertThat(status.getLastDiagnosis()).isNull();
    assertThat(await().atMost(PATIENCE).until(() -> triggerEvents("probe-failed"), e -> !e.isEmpty()))
        .singleElement().satisfies(e -> {
          assertThat(e.getReason()).isEqualTo("AlertRefused");
          assertThat(e.getMessage()).contains("quota");
        });
  }

  @Test
  void aStormOfAThousandAlertsCostsABoundedNumberOfStatusWritesAndEvents() throws Exception {
    int burst = 30;
    start(0.001, burst);
    create("probe-failed", "{name: severity, operator: Regex, value: \"warning|critical\"}");
    awaitStatus("probe-failed", s -> condition(s, "Ready") != null);
    int writesBefore = statusWrites("probe-failed");
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    // 100 requests of ten alerts about 50 VMs, each VM 20 times, eight requests at a time.
    List<String> bodies = new ArrayList<>();
    for (int request = 0; request < 100; request++) {
      int base = request * 10;
      bodies.add(group(IntStream.range(0, 10).mapToObj(i -> probeFailed("vm-" + (base + i) % 50, startsAt))
          .toArray(Alert[]::new)));
    }
    long t0 = System.nanoTime();
    List<Alertmanager.Response> responses = alertmanager.storm(bodies);
    double stormSeconds = (System.nanoTime() - t0) / 1e9;
    assertThat(responses.stream().mapToLong(r -> r.outcomes().size()).sum()).isEqualTo(1000);

    DiagnosisTriggerStatus status = awaitStatus("probe-failed", s -> total(s) == 1000);
    // Settled: no write is pending any more (the next flush finds nothing new).
    Thread.sleep(3000);
    double settledSeconds = (System.nanoTime() - t0) / 1e9;
    int writes = statusWrites("probe-failed") - writesBefore;
    List<Event> events = triggerEvents("probe-failed");
    long eventOccurrences = events.size();
    System.out.printf("trigger status in a storm of 1000 alerts (%.2fs, settled after %.2fs): %d status writes,"
        + " %d events; counts created=%d duplicate=%d coolingDown=%d deferred=%d%n", stormSeconds, settledSeconds,
        writes, eventOccurrences, status.getCounts().getCreated(), status.getCounts().getDuplicate(),
        status.getCounts().getCoolingDown(), status.getCounts().getDeferred());

    assertThat(status.getCounts().getCreated()).isEqualTo(burst);
    assertThat(status.getCounts().getDeferred()).as("rate limited").isPositive();
    assertThat(writes).as("at most one write per second (plus a lost race or two), not one per alert")
        .isGreaterThan(0).isLessThanOrEqualTo((int) Math.ceil(settledSeconds) + 3);
    assertThat(events).as("the created diagnoses told by at most one event per 10 s")
        .allMatch(e -> e.getReason().equals("DiagnosisCreated"))
        .hasSizeLessThanOrEqualTo((int) Math.ceil(settledSeconds / 10) + 1);
    assertThat(events).anySatisfy(e -> assertThat(e.getMessage()).contains("since the last such event"));
    // Settled means quiet: the receiver's own status write, seen again by its informer, writes nothing.
    Thread.sleep(2000);
    assertThat(statusWrites("probe-failed") - writesBefore).as("no write loop").isEqualTo(writes);
  }

  private static long total(DiagnosisTriggerStatus s) {
    return s.getCounts().getCreated() + s.getCounts().getDuplicate() + s.getCounts().getCoolingDown()
        + s.getCounts().getRefused() + s.getCounts().getDeferred();
  }

  /** Status writes of a trigger (successful or not) the API server's audit log recorded. */
  private int statusWrites(String trigger) throws IOException {
    ObjectMapper json = new ObjectMapper();
    int writes = 0;
    for (String line : Files.readAllLines(controlPlane.auditLog())) {
      JsonNode ref = json.readTree(line).path("objectRef");
      if (ns.equals(ref.path("namespace").asText()) && trigger.equals(ref.path("name").asText())
          && "diagnosistriggers".equals(ref.path("resource").asText())
          && "status".equals(ref.path("subresource").asText())
          && Set.of("update", "patch").contains(json.readTree(line).path("verb").asText())) {
        writes++;
      }
    }
    return writes;
  }

  private List<Event> triggerEvents(String trigger) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "DiagnosisTrigger".equals(e.getInvolvedObject().getKind())
            && trigger.equals(e.getInvolvedObject().getName())).toList();
  }


  private void start(double createsPerSecond, int burst) {
    receiver = new AlertReceiver(client, Set.of(ns), new AlertSettings(0, tokenFile, createsPerSecond, burst, null),
        Clock.systemUTC()).start();
    alertmanager = new Alertmanager(receiver.port(), token);
  }

  private void create(String name, String secondMatcher) {
    String yaml = """
        apiVersion: vmnetdiag.io/v1alpha1
        kind: DiagnosisTrigger
        metadata: {name: %s, namespace: %s}
        spec:
          matchers: [{name: alertname, value: VmProbeFailed}, %s]
          target: {libvirt: {nodeLabel: node, domainLabel: domain}}
          capture: {duration: 5s}
        """.formatted(name, ns, secondMatcher);
    client.resource(client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class)).create();
  }

  private DiagnosisTrigger trigger(String name) {
    return client.resources(DiagnosisTrigger.class).inNamespace(ns).withName(name).get();
  }

  private DiagnosisTriggerStatus awaitStatus(String name, Predicate<DiagnosisTriggerStatus> until) {
    return await().atMost(PATIENCE).until(() -> trigger(name).getStatus(), s -> s != null && until.test(s));
  }

  private static DiagnosisCondition condition(DiagnosisTriggerStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static Alert probeFailed(String domain, Instant startsAt) {
    return Alert.firing(Map.of("alertname", "VmProbeFailed", "severity", "critical", "node", "node-a",
        "domain", domain), startsAt);
  }

  private static String group(Alert... alerts) {
    return Alertmanager.message("vmnetdiag", Map.of("alertname", "VmProbeFailed"), List.of(alerts));
  }
}
