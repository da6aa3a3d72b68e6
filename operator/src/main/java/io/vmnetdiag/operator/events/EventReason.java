package io.vmnetdiag.operator.events;

/** Reasons of the Kubernetes Events the operator records on a NetworkDiagnosis. */
public enum EventReason {
  Queued("Normal"),
  CapturePodCreated("Normal"),
  Diagnosed("Normal"),
  InvalidSpec("Warning"),
  NotYetSupported("Warning"),
  PolicyDenied("Warning"),
  PathUnresolved("Warning"),
  CaptureFailed("Warning");

  private final String type;

  EventReason(String type) {
    this.type = type;
  }

  /** Normal or Warning. */
  public String type() {
    return type;
  }
}
