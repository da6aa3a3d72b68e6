package io.vmnetdiag.operator.outcome;

/**
 * How a capture attempt stands: still waiting, ended with a report to read, or failed for a named cause. Read from
 * the cluster (the pod, its node, its events) by {@link CaptureObserver}; failures are mapped to status and events by
 * {@link OutcomeTable} alone.
 */
public sealed interface CaptureOutcome permits CaptureOutcome.Waiting, CaptureOutcome.Reported, CaptureFailure {

  /** The pod is pending or running and nothing is wrong yet. */
  record Waiting(boolean running) implements CaptureOutcome {
  }

  /** The agent exited as it does after reporting (0: captured, 2: could not diagnose): read its report. */
  record Reported(int exitCode) implements CaptureOutcome {
  }
}
