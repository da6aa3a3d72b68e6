package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Pod;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.OperatorSettings;
import io.vmnetdiag.operator.capture.CapturePodFactory;
import io.vmnetdiag.operator.capture.CapturePodOutcome;
import io.vmnetdiag.operator.capture.CaptureReportReader;
import io.vmnetdiag.operator.capture.CaptureRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The capture pod's capabilities are the agent's whole privilege: the lab kubelet runs it with only what the pod
 * spec grants (setpriv), so the operator's own capture pod, run as built, captures every hop, and the same pod
 * without NET_RAW captures none and says why.
 */
@LabScenarioTest
class CapturePodPrivilegesTest {
  private static LabScenario lab;
  private static Path pcapDirectory;

  @BeforeAll
  static void buildLab() throws Exception {
    lab = LabScenario.start();
    pcapDirectory = Files.createTempDirectory("vmnetdiag-privileges");
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (lab != null) {
      lab.close();
    }
    if (pcapDirectory != null) {
      try (var files = Files.walk(pcapDirectory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void theOperatorsCapturePodAsBuiltCapturesEveryHop() {
    AgentReport report = run(capturePod("as-built"));

    assertThat(report.getFailure()).isNull();
    assertThat(report.getHops()).hasSize(3).allSatisfy(hop -> {
      assertThat(hop.getFailure()).as(hop.getInterfaceName()).isNull();
      assertThat(hop.getCapture().getCaptured()).as(hop.getInterfaceName()).isPositive();
    });
  }

  @Test
  void withoutNetRawNoHopIsCapturedAndEachSaysSo() {
    Pod pod = capturePod("no-net-raw");
    Capabilities capabilities = pod.getSpec().getContainers().get(0).getSecurityContext().getCapabilities();
    capabilities.setAdd(capabilities.getAdd().stream().filter(c -> !c.equals("NET_RAW")).toList());

    AgentReport report = run(pod);

    assertThat(report.getHops()).hasSize(3).extracting(HopObservation::getFailure)
        .allSatisfy(failure -> assertThat(failure).isNotNull().containsIgnoringCase("not permitted"));
  }

  /** The pod the operator would create for a diagnosis, unowned and unlabelled so the operator leaves it alone. */
  private static Pod capturePod(String name) {
    NetworkDiagnosis nd = lab.defaultDiagnosis(name);
    nd.getMetadata().setUid(UUID.randomUUID().toString());
    nd.getMetadata().setGeneration(1L);
    nd.getSpec().getCapture().setDuration("2s");
    OperatorSettings settings = OperatorSettings.defaults().withPcapHostDirectory(pcapDirectory.toString())
        .withCaptureNamespace(lab.captureNamespace());
    CaptureRequest request = CaptureRequests.forLibvirt(nd, settings, "privileges");
    request.setUri(lab.libvirtUri()); // the administrator's URI, as the operator sets it
    Pod pod = new CapturePodFactory(settings).build(nd, request);
    pod.getMetadata().setOwnerReferences(List.of());
    pod.getMetadata().setLabels(java.util.Map.of());
    pod.getMetadata().setName("privileges-" + name);
    return pod;
  }

  private static AgentReport run(Pod pod) {
    Pod created = lab.client().resource(pod).create();
    Pod finished = lab.client().pods().resource(created).waitUntilCondition(
        p -> CapturePodOutcome.of(p).finished(), 60, TimeUnit.SECONDS);
    try {
      return new CaptureReportReader().read(lab.client(), finished, CapturePodOutcome.of(finished));
    } finally {
      lab.client().resource(finished).delete();
    }
  }
}
