package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.LabTimes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A healthy VM nobody talks to: the agent probes it from the bridge's address (Auto), the probes are flooded out of
 * the uplink too while the bridge has not learned the VM, the VM answers them all at its tap. The verdict says what
 * was tested and what was not, never that packets were lost upstream.
 */
@LabScenarioTest
class IdleVmDiagnosisTest {

  @Test
  void anIdleHealthyVmAnswersTheProbesAndTheUpstreamIsUntested() {
    try (var timed = LabTimes.timed(IdleVmDiagnosisTest.class, () -> LabScenario.idle())) {
      LabScenario lab = timed.lab();
      NetworkDiagnosis done = lab.diagnose(lab.defaultDiagnosis("idle-vm"), Duration.ofSeconds(90));

      String yaml = lab.asYaml(done);
      var status = done.getStatus();
      assertThat(status.getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.UpstreamUntested);
      assertThat(status.getVerdict().getLocation()).isEqualTo("none");
      assertThat(status.getVerdict().getSummary()).contains("untested");
      assertThat(status.getProbes().isSent()).as(yaml).isTrue();
      assertThat(status.getProbes().getSource()).startsWith(lab.topology().bridgeAddress());
      String tap = "tap " + lab.topology().tap();
      assertThat(status.getProbes().getTraces()).as(yaml).isNotEmpty().allSatisfy(trace -> {
        assertThat(trace.getSeenAt()).contains(tap);
        assertThat(trace.getAnsweredAt()).contains(tap);
      });
      assertThat(status.getWindow().isEndedEarly()).as("a healthy path gets its whole window").isFalse();
      assertThat(status.getWindow().getUsedSeconds()).as("the window used, as kubectl get -o wide prints it")
          .isCloseTo((double) status.getWindow().getPlannedSeconds(), org.assertj.core.api.Assertions.within(0.5));
      var uplink = status.getHops().stream().filter(hop -> hop.getRole() == HopRole.Uplink).findFirst().orElseThrow();
      assertThat(uplink.getToVm().total()).as("the node's own probes leaving the uplink are not from outside: " + yaml)
          .isZero();
    }
  }

  /**
   * The real VM's case: the agent's probes answered at the tap (the answers go to the node and end there) while a
   * client's lingering FIN reaches the uplink unanswered. Once a false LostOnEgress at bridge->uplink.
   */
  @Test
  void aClientsLateFinDuringTheProbesIsNoLossOnTheWayOut() throws Exception {
    try (LabScenario lab = LabScenario.idle()) {
      CompletableFuture<Void> lateFin = new CompletableFuture<>();
      Thread client = new Thread(() -> {
        try {
          lab.topology().sendLateClosingPacket(true);
          lateFin.complete(null);
        } catch (RuntimeException e) {
          lateFin.completeExceptionally(e);
        }
      }, "late-fin");
      client.start();
      NetworkDiagnosis done = lab.diagnose(lab.defaultDiagnosis("idle-vm-late-fin"), Duration.ofSeconds(90));
      lateFin.get(60, TimeUnit.SECONDS);

      String yaml = lab.asYaml(done);
      var status = done.getStatus();
      var uplink = hop(status.getHops(), HopRole.Uplink);
      assertThat(uplink.getToVm().nonZero()).as("the client's FIN reached the uplink in the window: " + yaml)
          .isEqualTo(Map.of(PacketKind.TcpFin, 1L));
      assertThat(uplink.getFromVm().total()).as(yaml).isZero();
      assertThat(status.getProbes().isSent()).as(yaml).isTrue();
      for (HopRole role : List.of(HopRole.Bridge, HopRole.Tap)) {
        var hop = hop(status.getHops(), role);
        assertThat(hop.getFromVm().replies()).as("%s answered the probes: %s", role, yaml).isPositive();
        assertThat(hop.getFromVmToNode().replies()).as("%s: every answer went to the node", role)
            .isEqualTo(hop.getFromVm().replies());
      }
      assertThat(status.getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.UpstreamUntested);
      assertThat(status.getVerdict().getLocation()).isEqualTo("none");
      assertThat(status.getVerdict().getSummary()).contains("1 packet closing a connection (TCP FIN)");
    }
  }

  private static HopObservation hop(List<HopObservation> hops, HopRole role) {
    return hops.stream().filter(hop -> hop.getRole() == role).findFirst().orElseThrow();
  }
}
