package io.vmnetdiag.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome;
import io.vmnetdiag.operator.outcome.OutcomeStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusDraftTest {
  private static final Instant NOW = Instant.parse("2026-12-01T11:00:00Z");

  /** Every reason the agent's path resolution reports reaches Resolved and Ready as it is, with its message. */
  @ParameterizedTest
  @ValueSource(strings = {AgentFailure.DOMAIN_NOT_FOUND, AgentFailure.LIBVIRT_UNAVAILABLE, AgentFailure.DOMAIN_NOT_RUNNING,
      AgentFailure.DOMAIN_PAUSED, AgentFailure.NO_NETWORK_INTERFACE, AgentFailure.INTERFACE_NOT_FOUND,
      AgentFailure.INTERFACE_AMBIGUOUS, AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED, AgentFailure.PATH_UNRESOLVED,
      AgentFailure.BAD_REQUEST})
  void anAgentFailureIsAResolutionFailureWithItsReason(String reason) {
    String message = "domain 'web-01' has 2 NICs and the diagnosis names none: set spec.target.libvirt.interface";

    NetworkDiagnosisStatus status = OutcomeStatus.of(nd(), new DiagnosisOutcome.PathUnresolved(reason, message), NOW)
        .orElseThrow();

    assertThat(condition(status, "Resolved")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo(reason).matches("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
      assertThat(c.getMessage()).isEqualTo(message);
    });
    assertThat(condition(status, "Ready").getReason()).isEqualTo(reason);
    assertThat(condition(status, "Captured").getStatus()).isEqualTo("False");
    assertThat(status.getCompletionTime()).isEqualTo(NOW.toString());
  }

  @Test
  void theResolvedMessageNamesTheNicTracedAndALinkHeldDown() {
    AgentReport report = new AgentReport();
    ResolvedPath path = new ResolvedPath();
    path.setHops(List.of(new Hop(HopRole.Uplink, "eth0"), new Hop(HopRole.Bridge, "br0"), new Hop(HopRole.Tap, "vnet4")));
    path.setInterfaceSelection("the NIC spec.target.libvirt.interface names (target device vnet4): "
        + "52:54:00:00:00:02 (dev vnet4, bridge br0)");
    path.setLinkState("down");
    report.setPath(path);

    assertThat(StatusDraft.describePath(report)).isEqualTo("Path: Uplink eth0 -> Bridge br0 -> Tap vnet4; traced the NIC"
        + " spec.target.libvirt.interface names (target device vnet4): 52:54:00:00:00:02 (dev vnet4, bridge br0)."
        + " libvirt holds this NIC's link down (<link state='down'/>, virsh domif-setlink): the guest sees no carrier"
        + " while its tap on the node stays up.");
    path.setLinkState("up");
    path.setInterfaceSelection(null);
    assertThat(StatusDraft.describePath(report)).isEqualTo("Path: Uplink eth0 -> Bridge br0 -> Tap vnet4.");
  }

  private static DiagnosisCondition condition(NetworkDiagnosisStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  void queuedWaitsWithoutAPodAndIsNotFinal() {
    NetworkDiagnosis nd = nd();
    nd.setStatus(StatusDraft.from(nd, NOW).queued("Node node-a runs 2 capture pods, its limit of 2.").build());

    assertThat(condition(nd.getStatus(), "Ready").getReason()).isEqualTo("Queued");
    assertThat(condition(nd.getStatus(), "Captured").getMessage()).contains("its limit of 2");
    assertThat(nd.getStatus().getCompletionTime()).isNull();
    assertThat(StatusDraft.isQueued(nd)).isTrue();
    assertThat(StatusDraft.isFinished(nd)).isFalse();
  }

  @Test
  void theRunsNonceAndPodUidLastTheGenerationAndGoWhenItEnds() {
    NetworkDiagnosis nd = nd();
    nd.setStatus(StatusDraft.from(nd, NOW).captureStarting("n1").captureStarted("pod", "uid-p", "node-a", "created")
        .build());
    NetworkDiagnosisStatus running = StatusDraft.from(nd, NOW).captureRunning("running").build();
    assertThat(running.getCaptureNonce()).isEqualTo("n1");
    assertThat(running.getCapturePodUid()).isEqualTo("uid-p");
    assertThat(StatusDraft.isQueued(nd)).isFalse();

    NetworkDiagnosisStatus failed = StatusDraft.from(nd, NOW).captureFailed("ReportRejected", "no").build();
    assertThat(failed.getCaptureNonce()).isNull();
    assertThat(failed.getCapturePodUid()).isNull();
    nd.getMetadata().setGeneration(2L);
    assertThat(StatusDraft.from(nd, NOW).build().getCaptureNonce()).as("a new generation is a new run").isNull();
  }

  private static NetworkDiagnosis nd() {
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName("web-01");
    nd.getMetadata().setNamespace("vms");
    nd.getMetadata().setGeneration(1L);
    return nd;
  }
}
