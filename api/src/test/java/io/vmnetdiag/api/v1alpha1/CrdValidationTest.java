package io.vmnetdiag.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vmnetdiag.testkit.CommandResult;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the API server accepts and rejects for NetworkDiagnosis: the CRD installed as the README says
 * ({@code kubectl apply -f crds/}) on the real control plane, each row created for real, the server's own
 * messages compared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrdValidationTest {
  @RegisterExtension
  static final ControlPlaneExtension CONTROL_PLANE = ControlPlaneExtension.withoutCrd();

  private static final String LIBVIRT = """
      target:
        libvirt: {node: node-7, domain: web-01}
      """;
  private static final String DURATION_PATTERN = "'^[0-9]{1,4}s$'";
  private static final String INTERFACE = "'^(([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}|[^/:\\s]{1,15})$'";
  private static final String NODE_NAME = "'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'";
  private static final String ONE_TARGET =
      "spec.target: Invalid value: \"object\": set exactly one of target.libvirt or target.kubevirt";

  /** Appended by the server when a type, required, enum or size error keeps it from running the CEL rules. */
  private static final String RULES_NOT_CHECKED = "<nil>: Invalid value: null: some validation rules were not checked"
      + " because the object was invalid; correct the existing errors to complete validation";

  private KubernetesClient client;
  private TestNamespace namespace;

  /** One row: a spec, the errors the server gives (none: accepted) and the fields it prunes. */
  record Case(String name, String spec, List<String> errors, List<String> pruned) {
    static Case accepted(String name, String spec) {
      return new Case(name, spec, List.of(), List.of());
    }

    static Case rejected(String name, String spec, String... errors) {
      return new Case(name, spec, List.of(errors), List.of());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.accepted("minimal libvirt target", LIBVIRT),
        Case.accepted("minimal kubevirt target", "target: {kubevirt: {name: vmi-1}}"),
        Case.accepted("kubevirt target with an interface", "target: {kubevirt: {name: vmi-1, interface: default}}"),
        Case.accepted("full spec", """
            target:
              libvirt: {node: node-7, domain: web-01, address: 10.1.2.3, interface: vnet3}
            capture:
              duration: 300s
              snapLength: 65535
              peers: [10.0.0.1, "fd00::1"]
              ports: [22, 443]
              probes: {mode: Always, count: 20}
              pcap: {enabled: true, maxFileMegabytes: 64, maxFiles: 16}
            remediation: {mode: Enabled}
            """),
        new Case("a tenant's libvirt uri is pruned: the administrator picks it",
            "target: {libvirt: {node: n, domain: d, uri: \"qemu+ssh://x/system\"}}", List.of(),
            List.of("spec.target.libvirt.uri")),
        Case.accepted("null duration is dropped, then defaulted", LIBVIRT + "capture: {duration: null}"),
        new Case("misspelt field is pruned, not rejected", LIBVIRT + "capture: {durations: 30s}",
            List.of(), List.of("spec.capture.durations")),

        Case.rejected("both targets", "target: {libvirt: {node: n, domain: d}, kubevirt: {name: vmi-1}}", ONE_TARGET),
        Case.rejected("neither target", "target: {}", ONE_TARGET),
        Case.rejected("no target", "capture: {duration: 10s}", "spec.target: Required value", RULES_NOT_CHECKED),
        Case.rejected("libvirt without node", "target: {libvirt: {domain: web-01}}",
            "spec.target.libvirt.node: Required value", RULES_NOT_CHECKED),
        Case.rejected("libvirt without domain", "target: {libvirt: {node: node-7}}",
            "spec.target.libvirt.domain: Required value", RULES_NOT_CHECKED),
        Case.rejected("empty node name", "target: {libvirt: {node: \"\", domain: web-01}}",
            // The server stops at the first failed check of a string: the pattern is not reported as well.
            "spec.target.libvirt.node: Invalid value: \"\": spec.target.libvirt.node in body should be at least 1 chars long"),
        Case.rejected("kubevirt name too long", "target: {kubevirt: {name: " + "a".repeat(254) + "}}",
            "spec.target.kubevirt.name: Too long: may not be more than 253 bytes", RULES_NOT_CHECKED),
        Case.rejected("kubevirt interface as a path", "target: {kubevirt: {name: vmi-1, interface: ../eth0}}",
            "spec.target.kubevirt.interface: Invalid value: \"../eth0\": spec.target.kubevirt.interface in body should"
                + " match '" + KubevirtTarget.INTERFACE_PATTERN + "'"),
        Case.rejected("duration without unit", LIBVIRT + "capture: {duration: \"10\"}",
            "spec.capture.duration: Invalid value: \"10\": spec.capture.duration in body should match " + DURATION_PATTERN),
        Case.rejected("duration in hours", LIBVIRT + "capture: {duration: 1h}",
            "spec.capture.duration: Invalid value: \"1h\": spec.capture.duration in body should match " + DURATION_PATTERN),
        Case.rejected("duration as a number", LIBVIRT + "capture: {duration: 10}",
            "spec.capture.duration: Invalid value: \"integer\": spec.capture.duration in body must be of type string: \"integer\"", RULES_NOT_CHECKED),
        Case.rejected("snapLength below 64", LIBVIRT + "capture: {snapLength: 10}",
            "spec.capture.snapLength: Invalid value: 10: spec.capture.snapLength in body should be greater than or equal to 64"),
        Case.rejected("snapLength above 65535", LIBVIRT + "capture: {snapLength: 70000}",
            "spec.capture.snapLength: Invalid value: 70000: spec.capture.snapLength in body should be less than or equal to 65535"),
        Case.rejected("17 ports", LIBVIRT + "capture: {ports: " + numbers(17) + "}",
            "spec.capture.ports: Too many: 17: must have at most 16 items", RULES_NOT_CHECKED),
        Case.rejected("port as a name", LIBVIRT + "capture: {ports: [ssh]}",
            "spec.capture.ports[0]: Invalid value: \"string\": spec.capture.ports[0] in body must be of type integer: \"string\"", RULES_NOT_CHECKED),
        Case.rejected("remediation mode Sometimes", LIBVIRT + "remediation: {mode: Sometimes}",
            "spec.remediation.mode: Unsupported value: \"Sometimes\": supported values: \"Disabled\", \"DryRun\", \"Enabled\"",
            RULES_NOT_CHECKED),
        Case.rejected("probe mode Sometimes", LIBVIRT + "capture: {probes: {mode: Sometimes}}",
            "spec.capture.probes.mode: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Auto\", \"Never\"",
            RULES_NOT_CHECKED),
        Case.rejected("zero probes", LIBVIRT + "capture: {probes: {count: 0}}",
            "spec.capture.probes.count: Invalid value: 0: spec.capture.probes.count in body should be greater than or equal to 1"),
        Case.rejected("21 probes", LIBVIRT + "capture: {probes: {count: 21}}",
            "spec.capture.probes.count: Invalid value: 21: spec.capture.probes.count in body should be less than or equal to 20"),
        Case.rejected("pcap ring of 17 files", LIBVIRT + "capture: {pcap: {maxFiles: 17}}",
            "spec.capture.pcap.maxFiles: Invalid value: 17: spec.capture.pcap.maxFiles in body should be less than or equal to 16"),
        Case.rejected("pcap files of 0 MiB", LIBVIRT + "capture: {pcap: {maxFileMegabytes: 0}}",
            "spec.capture.pcap.maxFileMegabytes: Invalid value: 0: spec.capture.pcap.maxFileMegabytes in body should be greater than or equal to 1"),
        Case.rejected("pcap enabled as text", LIBVIRT + "capture: {pcap: {enabled: \"yes\"}}",
            "spec.capture.pcap.enabled: Invalid value: \"string\": spec.capture.pcap.enabled in body must be of type boolean: \"string\"",
            RULES_NOT_CHECKED),
        Case.rejected("schema and rule errors together", "target: {}\ncapture: {duration: 1h}",
            "spec.capture.duration: Invalid value: \"1h\": spec.capture.duration in body should match " + DURATION_PATTERN,
            ONE_TARGET),

        Case.rejected("duration 0s", LIBVIRT + "capture: {duration: 0s}",
            "spec.capture.duration: Invalid value: \"string\": capture.duration must be between 1s and 300s"),
        Case.rejected("duration 999s", LIBVIRT + "capture: {duration: 999s}",
            "spec.capture.duration: Invalid value: \"string\": capture.duration must be between 1s and 300s"),
        Case.accepted("duration 300s", LIBVIRT + "capture: {duration: 300s}"),
        Case.rejected("port 0 and 70000", LIBVIRT + "capture: {ports: [0, 70000]}",
            "spec.capture.ports: Invalid value: \"array\": capture.ports must be between 1 and 65535"),
        // Left to the operator's own check (an InvalidSpec status): Kubernetes' isIP() needs 1.30+ and a rule
        // over unbounded strings risks the CRD's CEL cost budget.
        Case.accepted("peer that is not an IP", LIBVIRT + "capture: {peers: [gateway.example]}"),
        Case.accepted("address that is not an IP", "target: {libvirt: {node: n, domain: d, address: web-01}}"),
        Case.accepted("interface by MAC, upper case", "target: {libvirt: {node: n, domain: d, interface: \"52:54:00:AB:CD:EF\"}}"),
        Case.accepted("interface by target device", "target: {libvirt: {node: n, domain: d, interface: vnet0.100}}"),
        Case.rejected("interface MAC with five octets", "target: {libvirt: {node: n, domain: d, interface: \"52:54:00:ab:cd\"}}",
            "spec.target.libvirt.interface: Invalid value: \"52:54:00:ab:cd\": spec.target.libvirt.interface in body should match " + INTERFACE),
        Case.rejected("interface device with a slash", "target: {libvirt: {node: n, domain: d, interface: \"../eth0\"}}",
            "spec.target.libvirt.interface: Invalid value: \"../eth0\": spec.target.libvirt.interface in body should match " + INTERFACE),
        Case.rejected("interface device name over 15 characters", "target: {libvirt: {node: n, domain: d, interface: vnet0123456789ab}}",
            "spec.target.libvirt.interface: Invalid value: \"vnet0123456789ab\": spec.target.libvirt.interface in body should match " + INTERFACE),
        Case.rejected("node name with spaces", "target: {libvirt: {node: \"node 7\", domain: d}}",
            "spec.target.libvirt.node: Invalid value: \"node 7\": spec.target.libvirt.node in body should match " + NODE_NAME));
  }

  @BeforeAll
  void installCrdAsTheReadmeSays() {
    CommandResult apply = ControlPlane.shared().kubectl(ControlPlane.repositoryRoot(), "apply", "-f", "crds/");
    assertThat(apply.exitCode()).as(apply.output()).isZero();
    assertThat(apply.output()).contains("customresourcedefinition.apiextensions.k8s.io/networkdiagnoses.vmnetdiag.io");
    // A new CRD's first status holds "conditions": null, which kubectl wait (v1.32) fails on rather than waits
    // for: let the API server write its first conditions, then run the README's command.
    ControlPlane.shared().adminClient().apiextensions().v1().customResourceDefinitions()
        .withName("networkdiagnoses.vmnetdiag.io").waitUntilCondition(c -> c != null && c.getStatus() != null
            && c.getStatus().getConditions() != null, 60, java.util.concurrent.TimeUnit.SECONDS);
    CommandResult established = ControlPlane.shared().kubectl(ControlPlane.repositoryRoot(), "wait",
        "--for=condition=Established", "--timeout=60s", "crd/networkdiagnoses.vmnetdiag.io");
    assertThat(established.exitCode()).as(established.output()).isZero();
  }

  @BeforeEach
  void namespace(KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serverAcceptsOrRejectsWithItsMessage(Case row) {
    Created result = create(diagnosis(row.spec()));

    assertThat(result.errors()).as("errors for %s", row.name()).containsExactlyInAnyOrderElementsOf(row.errors());
    assertThat(result.pruned()).as("pruned for %s", row.name()).containsExactlyInAnyOrderElementsOf(row.pruned());
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(GeneratedCrd.examplesDir())) {
      List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yamls).as("examples/*.yaml").isNotEmpty();
      return yamls.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsAcceptedAsWritten(Path example) throws IOException {
    Created result = create(Files.readString(example));

    assertThat(result.errors()).as("errors in %s", example.getFileName()).isEmpty();
    assertThat(result.pruned()).as("fields the server dropped from %s", example.getFileName()).isEmpty();
  }

  @Test
  void defaultsFillEmptyBlocks() {
    Created result = create(diagnosis(LIBVIRT + "capture: {probes: {}, pcap: {}}\nremediation: {}"));

    assertThat(result.errors()).isEmpty();
    Map<String, Object> capture = field(storedSpec(result), "capture");
    assertThat(capture).containsEntry("duration", "10s").containsEntry("snapLength", 96);
    assertThat(field(capture, "probes")).containsEntry("mode", "Auto").containsEntry("count", 3);
    assertThat(field(capture, "pcap"))
        .containsEntry("enabled", false).containsEntry("maxFileMegabytes", 8).containsEntry("maxFiles", 4);
    assertThat(field(storedSpec(result), "remediation")).containsEntry("mode", "Disabled");
  }

  @Test
  void omittedCaptureAndRemediationAreDefaultedByTheServer() {
    Created result = create(diagnosis(LIBVIRT));

    Map<String, Object> spec = storedSpec(result);
    assertThat(field(spec, "capture")).containsEntry("duration", "10s").containsEntry("snapLength", 96);
    assertThat(field(spec, "remediation")).containsEntry("mode", "Disabled");
  }

  /** What the server did with a create: the stored object, the fields it dropped, its error lines. */
  record Created(Map<String, Object> stored, List<String> pruned, List<String> errors) {
  }

  /** Creates the object as written (plain maps, so wrong types reach the server) in this test's namespace. */
  @SuppressWarnings("unchecked")
  private Created create(String yaml) {
    Map<String, Object> sent = (Map<String, Object>) GeneratedCrd.parseYaml(yaml);
    ((Map<String, Object>) sent.get("metadata")).put("namespace", namespace.name());
    ((Map<String, Object>) sent.get("metadata")).put("name", "d" + (++created));
    GenericKubernetesResource resource = client.getKubernetesSerialization()
        .convertValue(sent, GenericKubernetesResource.class);
    try {
      GenericKubernetesResource stored = client.genericKubernetesResources(NetworkDiagnosis.GROUP + "/" + NetworkDiagnosis.VERSION, "NetworkDiagnosis")
          .inNamespace(namespace.name()).resource(resource).create();
      Map<String, Object> storedMap = client.getKubernetesSerialization().convertValue(stored, Map.class);
      List<String> pruned = new ArrayList<>();
      missing((Map<String, Object>) sent.get("spec"), (Map<String, Object>) storedMap.get("spec"), "spec", pruned);
      return new Created(storedMap, pruned, List.of());
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as("%s", e.getMessage()).isEqualTo(422);
      List<String> errors = e.getStatus().getDetails().getCauses().stream()
          .map(c -> (c.getField() == null || c.getField().isEmpty() ? "<nil>" : c.getField()) + ": " + c.getMessage())
          .toList();
      return new Created(null, List.of(), errors);
    }
  }

  private int created;

  /** Paths present in what was sent and absent from what the server stored: the fields it pruned. */
  @SuppressWarnings("unchecked")
  private static void missing(Map<String, Object> sent, Map<String, Object> stored, String path, List<String> pruned) {
    sent.forEach((key, value) -> {
      if (value == null) {
        return; // a null is dropped (and then defaulted), not pruned
      }
      if (stored == null || !stored.containsKey(key)) {
        pruned.add(path + "." + key);
      } else if (value instanceof Map<?, ?> child && stored.get(key) instanceof Map<?, ?> storedChild) {
        missing((Map<String, Object>) child, (Map<String, Object>) storedChild, path + "." + key, pruned);
      }
    });
  }

  private static Map<String, Object> storedSpec(Created result) {
    assertThat(result.errors()).isEmpty();
    return field(result.stored(), "spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> field(Map<String, Object> object, String name) {
    assertThat(object).containsKey(name);
    return (Map<String, Object>) object.get(name);
  }

  private static String diagnosis(String spec) {
    return """
        apiVersion: vmnetdiag.io/v1alpha1
        kind: NetworkDiagnosis
        metadata: {name: d, namespace: vms}
        spec:
        """ + spec.lines().map(line -> "  " + line).collect(Collectors.joining("\n"));
  }

  private static String numbers(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
