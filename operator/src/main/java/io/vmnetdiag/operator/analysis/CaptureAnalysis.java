package io.vmnetdiag.operator.analysis;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.diagnosis.VerdictEngine;
import io.vmnetdiag.operator.capture.CapturePodOutcome;
import io.vmnetdiag.operator.capture.CaptureReportReader;
import io.vmnetdiag.operator.capture.CaptureRunCheck;
import io.vmnetdiag.operator.outcome.CaptureFailure;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome;
import io.vmnetdiag.operator.outcome.OutcomeStatus;
import io.vmnetdiag.operator.rerun.RunHistory;
import java.time.Instant;

/**
 * The analyze step: reads a finished capture pod's report, accepts it only if it echoes this run, and decides. Always
 * final: a verdict, a path the agent could not resolve, or a capture failure (a report rejected, unreadable, or
 * saying the capture itself failed).
 */
public final class CaptureAnalysis {
  private final CaptureReportReader reportReader = new CaptureReportReader();
  private final VerdictEngine verdictEngine = new VerdictEngine();

  public DiagnosisOutcome analyze(KubernetesClient client, NetworkDiagnosis nd, Pod pod, CaptureRequest request,
      Instant now) {
    try {
      AgentReport report = reportReader.read(client, pod, CapturePodOutcome.of(pod));
      String wrongRun = CaptureRunCheck.reportProblem(report, request.getRun());
      AgentFailure agentFailure = report.getFailure();
      if (wrongRun != null) {
        return new CaptureFailure.ReportRejected(pod.getMetadata().getName(), wrongRun);
      }
      if (agentFailure != null && AgentFailure.CAPTURE_FAILED.equals(agentFailure.getReason())) {
        // The path was found; the capture itself failed: not a resolution failure.
        return new CaptureFailure.AgentCaptureFailed(agentFailure.getMessage());
      }
      if (agentFailure != null) {
        return new DiagnosisOutcome.PathUnresolved(agentFailure.getReason(), agentFailure.getMessage());
      }
      Verdict verdict = verdictEngine.decide(report.getPath(), report.getHops(), report.getProbes(),
          report.getKernelDrops());
      var diagnosed = new DiagnosisOutcome.Diagnosed(report, verdict, request,
          RunHistory.verdictChange(nd.getStatus(), verdict));
      // Shaped here as well: a report whose fields the status cannot carry is unreadable, not an error retried forever.
      OutcomeStatus.of(nd, diagnosed, now);
      return diagnosed;
    } catch (ReportCodec.ReportException e) {
      return new CaptureFailure.ReportUnreadable(e.getMessage());
    } catch (RuntimeException e) {
      // A decodable report the verdict engine cannot work with (nulls where hops belong, say): final, not a loop.
      return new CaptureFailure.ReportUnreadable("The capture report of pod " + pod.getMetadata().getName()
          + " cannot be analyzed: " + DiagnosisOutcome.describe(e));
    }
  }
}
