package io.vmnetdiag.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.RunBinding;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pods and reports belong to the run the operator started: one row per way they may not. */
class CaptureRunCheckTest {
  private static final RunBinding RUN = new RunBinding("n1", "uid-1", 2);

  @Test
  void podWithTheRecordedUidIsTheRuns() {
    assertThat(CaptureRunCheck.podProblem(pod("pod-uid", "n1"), status("pod-uid", "n1"))).isNull();
  }

  @Test
  void podWithAnotherUidIsNotEvenWithTheRightNonce() {
    assertThat(CaptureRunCheck.podProblem(pod("other-uid", "n1"), status("pod-uid", "n1")))
        .contains("other-uid", "pod-uid");
  }

  @Test
  void beforeTheUidIsRecordedOnlyThisRunsNonceMakesThePodOurs() {
    assertThat(CaptureRunCheck.podProblem(pod("pod-uid", "n1"), status(null, "n1"))).isNull();
    assertThat(CaptureRunCheck.podProblem(pod("pod-uid", "n0"), status(null, "n1"))).contains("nonce");
    assertThat(CaptureRunCheck.podProblem(pod("pod-uid", null), status(null, "n1"))).contains("nonce");
    assertThat(CaptureRunCheck.podProblem(pod("pod-uid", "n1"), status(null, null))).contains("nonce");
    assertThat(CaptureRunCheck.podProblem(pod("pod-uid", "n1"), null)).contains("nonce");
  }

  @Test
  void reportMustEchoNonceUidAndGeneration() {
    assertThat(CaptureRunCheck.reportProblem(report(RUN), RUN)).isNull();
    assertThat(CaptureRunCheck.reportProblem(report(null), RUN)).contains("names no run");
    assertThat(CaptureRunCheck.reportProblem(report(new RunBinding("n2", "uid-1", 2)), RUN)).contains("nonce");
    assertThat(CaptureRunCheck.reportProblem(report(new RunBinding(null, "uid-1", 2)), RUN)).contains("nonce");
    assertThat(CaptureRunCheck.reportProblem(report(new RunBinding("n1", "uid-9", 2)), RUN)).contains("uid-9");
    assertThat(CaptureRunCheck.reportProblem(report(new RunBinding("n1", "uid-1", 1)), RUN))
        .contains("generation 1, not 2");
  }

  private static Pod pod(String uid, String nonce) {
    return new PodBuilder().withNewMetadata().withName("nd-web-1234abcd-g2").withUid(uid)
        .withAnnotations(nonce == null ? Map.of() : Map.of(CapturePods.ANNOTATION_NONCE, nonce)).endMetadata().build();
  }

  private static NetworkDiagnosisStatus status(String podUid, String nonce) {
    NetworkDiagnosisStatus status = new NetworkDiagnosisStatus();
    status.setCapturePodUid(podUid);
    status.setCaptureNonce(nonce);
    return status;
  }

  private static AgentReport report(RunBinding run) {
    AgentReport report = new AgentReport();
    report.setRun(run);
    return report;
  }
}
