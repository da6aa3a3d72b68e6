package io.vmnetdiag.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.CapabilityMode;
import io.vmnetdiag.api.v1alpha1.DiagnosisGrant;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicySpec;
import io.vmnetdiag.api.v1alpha1.KubevirtTarget;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NamespaceMatch;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.api.v1alpha1.Target;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per situation: who asks (namespace, labels), for what (spec), and what the policy answers. */
class PolicyRulesTest {
  private static final Map<String, String> TEAM_A_LABELS = Map.of("vmnetdiag.io/tenant", "team-a");

  static Stream<Arguments> rows() {
    return Stream.of(
        row("granted by name, within every limit", "team-a", Map.of(), s -> { }, null),
        row("granted by label", "other", TEAM_A_LABELS, s -> { }, null),
        row("namespace without a grant", "team-b", Map.of(), s -> { },
            "namespace team-b has no grant in DiagnosisPolicy default"),
        row("label value differs", "other", Map.of("vmnetdiag.io/tenant", "team-b"), s -> { },
            "namespace other has no grant"),
        row("domain outside the patterns", "team-a", Map.of(), s -> s.getTarget().getLibvirt().setDomain("db-01"),
            "no grant of DiagnosisPolicy default lets namespace team-a diagnose libvirt:node-1/db-01"),
        row("node outside the patterns", "team-a", Map.of(), s -> s.getTarget().getLibvirt().setNode("edge-1"),
            "lets namespace team-a diagnose libvirt:edge-1/web-01"),
        row("kubevirt needs only the namespace grant", "team-a", Map.of(), PolicyRulesTest::kubevirt, null),
        row("probes Always while Disabled", "team-a", Map.of(),
            s -> s.getCapture().getProbes().setMode(ProbeMode.Always),
            "does not allow capture.probes.mode Always (probes are Disabled)"),
        row("pcap while Disabled", "team-a", Map.of(), s -> s.getCapture().getPcap().setEnabled(true),
            "does not allow capture.pcap.enabled (pcap is Disabled)"),
        row("snap length above the cap", "team-a", Map.of(), s -> s.getCapture().setSnapLength(1500),
            "does not allow capture.snapLength 1500 (at most 128)"),
        row("ports without probes are fine", "team-a", Map.of(), s -> s.getCapture().setPorts(List.of(5432)), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(String name, String namespace, Map<String, String> labels, Consumer<NetworkDiagnosisSpec> change,
      String denial) {
    NetworkDiagnosisSpec spec = spec();
    change.accept(spec);

    PolicyDecision decision = PolicyRules.decide("default", policy(teamA()), namespace, labels, spec);

    if (denial == null) {
      assertThat(decision.allowed()).as(decision.denial()).isTrue();
    } else {
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.denial()).contains(denial);
    }
  }

  @Test
  void noPolicyDeniesEverything() {
    PolicyDecision decision = PolicyRules.decide("default", null, "team-a", Map.of(), spec());
    assertThat(decision.denial()).contains("DiagnosisPolicy default does not exist");
  }

  @Test
  void probesAllowedOnlyToListedPorts() {
    DiagnosisGrant grant = teamA();
    grant.getProbes().setMode(CapabilityMode.Allowed);
    grant.getProbes().setPorts(List.of(22, 80));
    NetworkDiagnosisSpec spec = spec();
    spec.getCapture().setPorts(List.of(22, 443));

    assertThat(PolicyRules.decide("default", policy(grant), "team-a", Map.of(), spec).denial())
        .contains("probes to ports [443] (allowed: [22, 80]");
    spec.getCapture().getProbes().setMode(ProbeMode.Never);
    assertThat(PolicyRules.decide("default", policy(grant), "team-a", Map.of(), spec).allowed()).isTrue();
  }

  @Test
  void pcapRingAboveTheGrantsSizeIsDenied() {
    DiagnosisGrant grant = teamA();
    grant.getPcap().setMode(CapabilityMode.Allowed);
    grant.getPcap().setMaxRingMegabytes(16);
    NetworkDiagnosisSpec spec = spec();
    spec.getCapture().getPcap().setEnabled(true);
    spec.getCapture().getPcap().setMaxFileMegabytes(8);
    spec.getCapture().getPcap().setMaxFiles(2);
    assertThat(PolicyRules.decide("default", policy(grant), "team-a", Map.of(), spec).allowed()).isTrue();

    spec.getCapture().getPcap().setMaxFiles(4);
    assertThat(PolicyRules.decide("default", policy(grant), "team-a", Map.of(), spec).denial())
        .contains("a pcap ring of 32 MiB per hop (at most 16)");
  }

  @Test
  void aLaterGrantMayAllowWhatTheFirstDoesNot() {
    DiagnosisGrant headersOnly = teamA();
    DiagnosisGrant payload = teamA();
    payload.setName("payload");
    payload.setMaxSnapLength(1500);
    NetworkDiagnosisSpec spec = spec();
    spec.getCapture().setSnapLength(1500);

    PolicyDecision decision = PolicyRules.decide("default", policy(headersOnly, payload), "team-a", Map.of(), spec);
    assertThat(decision.grant().getName()).isEqualTo("payload");
  }

  @Test
  void theRequestLosesProbesAndGainsTheOwnerTag() {
    DiagnosisGrant grant = teamA();
    grant.setDomainOwner("team-a");
    CaptureRequest request = new CaptureRequest();
    request.setProbeMode(ProbeMode.Auto.name());

    PolicyDecision.allowedBy(grant).applyTo(request);

    assertThat(request.getProbeMode()).isEqualTo("Never");
    assertThat(request.getRequiredOwner()).isEqualTo("team-a");
  }

  @Test
  void patternsAreExactOrTrailingStarPrefixes() {
    assertThat(PolicyRules.matches("web-*", "web-01")).isTrue();
    assertThat(PolicyRules.matches("web-*", "db-01")).isFalse();
    assertThat(PolicyRules.matches("*", "anything")).isTrue();
    assertThat(PolicyRules.matches("web-01", "web-011")).isFalse();
    assertThat(PolicyRules.matches("w*b", "web")).as("a * elsewhere is literal").isFalse();
  }

  private static Arguments row(String name, String namespace, Map<String, String> labels,
      Consumer<NetworkDiagnosisSpec> change, String denial) {
    return Arguments.of(name, namespace, labels, change, denial);
  }

  private static DiagnosisGrant teamA() {
    NamespaceMatch namespaces = new NamespaceMatch();
    namespaces.setNames(List.of("team-a"));
    namespaces.setMatchLabels(TEAM_A_LABELS);
    DiagnosisGrant grant = new DiagnosisGrant();
    grant.setName("team-a");
    grant.setNamespaces(namespaces);
    grant.setNodes(List.of("node-*"));
    grant.setDomains(List.of("web-*"));
    grant.setMaxSnapLength(128);
    return grant;
  }

  private static DiagnosisPolicy policy(DiagnosisGrant... grants) {
    DiagnosisPolicySpec spec = new DiagnosisPolicySpec();
    spec.setGrants(List.of(grants));
    DiagnosisPolicy policy = new DiagnosisPolicy();
    policy.getMetadata().setName("default");
    policy.setSpec(spec);
    return policy;
  }

  private static NetworkDiagnosisSpec spec() {
    LibvirtTarget libvirt = new LibvirtTarget();
    libvirt.setNode("node-1");
    libvirt.setDomain("web-01");
    Target target = new Target();
    target.setLibvirt(libvirt);
    NetworkDiagnosisSpec spec = new NetworkDiagnosisSpec();
    spec.setTarget(target);
    return spec;
  }

  private static void kubevirt(NetworkDiagnosisSpec spec) {
    KubevirtTarget kubevirt = new KubevirtTarget();
    kubevirt.setName("vmi-1");
    spec.getTarget().setLibvirt(null);
    spec.getTarget().setKubevirt(kubevirt);
  }
}
