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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the API server accepts and rejects for NetworkDiagnosis, judged by the generated CRD's schema. */
class CrdValidationTest {
  private static final String LIBVIRT = """
      target:
        libvirt: {node: node-7, domain: web-01}
      """;
  private static final String DURATION_PATTERN = "'^[0-9]{1,4}s$'";
  private static final String LOCAL_URI = "'^(qemu|test):///[^\\s]*$'";
  private static final String NODE_NAME = "'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'";
  private static final String ONE_TARGET =
      "spec.target: Invalid value: \"object\": set exactly one of target.libvirt or target.kubevirt";

  /** Appended by the server when a type, required, enum or size error keeps it from running the CEL rules. */
  private static final String RULES_NOT_CHECKED = StructuralSchemaValidator.RULES_NOT_CHECKED;

  private final StructuralSchemaValidator validator = new StructuralSchemaValidator();

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
        Case.accepted("full spec", """
            target:
              libvirt: {node: node-7, domain: web-01, uri: "qemu:///system", address: 10.1.2.3}
            capture:
              duration: 300s
              snapLength: 65535
              peers: [10.0.0.1, "fd00::1"]
              ports: [22, 443]
              probes: {mode: Always, count: 20}
              pcap: {enabled: true, maxFileMegabytes: 64, maxFiles: 16}
            remediation: {mode: Enabled}
            """),
        Case.accepted("test driver uri", "target: {libvirt: {node: n, domain: d, uri: \"test:///default\"}}"),
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
            "spec.target.libvirt.node: Invalid value: \"\": spec.target.libvirt.node in body should be at least 1 chars long",
            "spec.target.libvirt.node: Invalid value: \"\": spec.target.libvirt.node in body should match " + NODE_NAME),
        Case.rejected("kubevirt name too long", "target: {kubevirt: {name: " + "a".repeat(254) + "}}",
            "spec.target.kubevirt.name: Too long: may not be longer than 253", RULES_NOT_CHECKED),
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
        Case.rejected("remote ssh uri", "target: {libvirt: {node: n, domain: d, uri: \"qemu+ssh://x/system\"}}",
            "spec.target.libvirt.uri: Invalid value: \"qemu+ssh://x/system\": spec.target.libvirt.uri in body should match " + LOCAL_URI),

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
        Case.rejected("uri naming another host", "target: {libvirt: {node: n, domain: d, uri: \"qemu://other/system\"}}",
            "spec.target.libvirt.uri: Invalid value: \"qemu://other/system\": spec.target.libvirt.uri in body should match " + LOCAL_URI),
        Case.rejected("node name with spaces", "target: {libvirt: {node: \"node 7\", domain: d}}",
            "spec.target.libvirt.node: Invalid value: \"node 7\": spec.target.libvirt.node in body should match " + NODE_NAME));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serverAcceptsOrRejectsWithItsMessage(Case row) {
    SchemaValidation result = validate(diagnosis(row.spec()));

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
    SchemaValidation result = validate(Files.readString(example));

    assertThat(result.errors()).as("errors in %s", example.getFileName()).isEmpty();
    assertThat(result.pruned()).as("fields the server would drop from %s", example.getFileName()).isEmpty();
  }

  @Test
  void defaultsFillEmptyBlocks() {
    SchemaValidation result = validate(diagnosis(LIBVIRT + "capture: {probes: {}, pcap: {}}\nremediation: {}"));

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
    SchemaValidation result = validate(diagnosis(LIBVIRT));

    Map<String, Object> spec = storedSpec(result);
    assertThat(field(spec, "capture")).containsEntry("duration", "10s").containsEntry("snapLength", 96);
    assertThat(field(spec, "remediation")).containsEntry("mode", "Disabled");
  }

  private SchemaValidation validate(String yaml) {
    @SuppressWarnings("unchecked")
    Map<String, Object> resource = (Map<String, Object>) GeneratedCrd.parseYaml(yaml);
    return validator.validateResource(resource, GeneratedCrd.rootSchema());
  }

  private static Map<String, Object> storedSpec(SchemaValidation result) {
    @SuppressWarnings("unchecked")
    Map<String, Object> stored = (Map<String, Object>) result.stored();
    return field(stored, "spec");
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
