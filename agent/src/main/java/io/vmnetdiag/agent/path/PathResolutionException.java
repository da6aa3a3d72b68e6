package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.report.AgentFailure;

/** The VM's path could not be resolved; carries the reason the agent reports to the operator. */
public final class PathResolutionException extends Exception {
  private final String reason;

  public PathResolutionException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public PathResolutionException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The reason (an {@link AgentFailure} constant) and message, ready for the agent's report. */
  public AgentFailure failure() {
    return new AgentFailure(reason, getMessage());
  }
}
