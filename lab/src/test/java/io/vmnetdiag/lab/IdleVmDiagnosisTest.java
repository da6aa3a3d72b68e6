package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.LabTimes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A healthy VM nobody talks to: the agent probes it from the bridge's address (Auto), the probes are flooded out of
 * the uplink too while the bridge has not learned the VM, the VM answers them all at its tap. The verdict says what
 * was tested and what was not, never that packets were lost upstream.
 */
class IdleVmDiagnosisTest {

  @Test
  void anIdleHealthyVmAnswersTheProbesAndTheUpstreamIsUntested() {
    assertThat(System.getProperty("user.name")).as("the lab builds network namespaces: run the tests as root")
        .isEqualTo("root");
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
      var uplink = status.getHops().stream().filter(hop -> hop.getRole() == HopRole.Uplink).findFirst().orElseThrow();
      assertThat(uplink.getToVm().total()).as("the node's own probes leaving the uplink are not from outside: " + yaml)
          .isZero();
    }
  }
}
