package io.vmnetdiag.operator.outcome;

import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.operator.kubevirt.VmiProblem;
import java.time.Duration;
import java.util.List;

/**
 * Every way a reconcile ends a diagnosis, or makes it wait with a reason of its own: one record per case, holding
 * the facts its messages need. {@link OutcomeTable} alone maps each to its reason, messages, Event and kstatus
 * state; {@link OutcomeRecorder} alone writes them.
 */
public sealed interface DiagnosisOutcome permits CaptureFailure, DiagnosisOutcome.InvalidSpec,
    DiagnosisOutcome.PolicyDenied, DiagnosisOutcome.TargetUnresolved, DiagnosisOutcome.PathUnresolved,
    DiagnosisOutcome.Diagnosed, DiagnosisOutcome.Retrying, DiagnosisOutcome.GaveUp, DiagnosisOutcome.Queued,
    DiagnosisOutcome.CaptureStarted, DiagnosisOutcome.CaptureRunning, DiagnosisOutcome.NewRun,
    DiagnosisOutcome.OperatorError, DiagnosisOutcome.VerdictChanged, DiagnosisOutcome.Expired {

  /** An exception's message, cut to what a status message can carry. */
  static String describe(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() <= 300 ? message : message.substring(0, 300) + "...";
  }

  /** The spec breaks a rule the schema cannot express. */
  record InvalidSpec(List<String> problems) implements DiagnosisOutcome {
  }

  /** The DiagnosisPolicy does not allow this diagnosis. */
  record PolicyDenied(String denial) implements DiagnosisOutcome {
  }

  /** The operator could not resolve a KubeVirt target through the API server. */
  record TargetUnresolved(VmiProblem problem, String message) implements DiagnosisOutcome {
  }

  /** The agent ran but could not resolve the VM's path; {@code reason} is the agent's (AgentFailure). */
  record PathUnresolved(String reason, String message) implements DiagnosisOutcome {
  }

  /**
   * The report was read and the verdict is in.
   *
   * @param verdictChange how the verdict differs from the previous run's outcome, or null
   */
  record Diagnosed(AgentReport report, Verdict verdict, CaptureRequest request, String verdictChange)
      implements DiagnosisOutcome {
  }

  /** A transient failure ended attempt {@code failed}; the next starts after {@code backoff}. */
  record Retrying(CaptureFailure cause, int failed, int maxAttempts, Duration backoff) implements DiagnosisOutcome {
  }

  /** A transient failure ended the last attempt. */
  record GaveUp(CaptureFailure cause, int attempts) implements DiagnosisOutcome {
  }

  /**
   * No capture slot is free.
   *
   * @param alreadyQueued the status said so before: the Event was recorded then
   */
  record Queued(String reason, boolean alreadyQueued) implements DiagnosisOutcome {
  }

  /**
   * The run's pod exists and is recorded with the nonce its report must echo.
   *
   * @param recovered created before an operator restart, found by its nonce: its Event was recorded then
   */
  record CaptureStarted(String pod, String podUid, String nonce, String namespace, String node, boolean recovered)
      implements DiagnosisOutcome {
  }

  /** The run's pod runs and nothing is wrong yet. */
  record CaptureRunning(String pod) implements DiagnosisOutcome {
  }

  /** A finished diagnosis starts run {@code run}: a new rerun annotation value, or its schedule. */
  record NewRun(long run, String why, String rerunRequest) implements DiagnosisOutcome {
  }

  /** The operator itself failed (API errors) after JOSDK's retries; it keeps retrying. */
  record OperatorError(String detail) implements DiagnosisOutcome {
  }

  /** Follows a verdict that differs from the previous run's outcome. */
  record VerdictChanged(String change) implements DiagnosisOutcome {
  }

  /** A one-shot diagnosis is deleted after its ttlSecondsAfterFinished. */
  record Expired(String why) implements DiagnosisOutcome {
  }
}
