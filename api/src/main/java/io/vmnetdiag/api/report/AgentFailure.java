package io.vmnetdiag.api.report;

/** Why the agent could not do its job: a CamelCase reason and a message for a person. */
public class AgentFailure {
  /** Reasons the agent reports. */
  public static final String DOMAIN_NOT_FOUND = "DomainNotFound";
  public static final String LIBVIRT_UNAVAILABLE = "LibvirtUnavailable";
  public static final String PATH_UNRESOLVED = "PathUnresolved";
  public static final String BAD_REQUEST = "BadRequest";
  public static final String CAPTURE_FAILED = "CaptureFailed";

  private String reason;
  private String message;

  public AgentFailure() {
  }

  public AgentFailure(String reason, String message) {
    this.reason = reason;
    this.message = message;
  }

  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
}
