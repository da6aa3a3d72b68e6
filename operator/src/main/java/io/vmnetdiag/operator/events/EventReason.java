package io.vmnetdiag.operator.events;

/** Reasons of the Kubernetes Events the operator records on a NetworkDiagnosis (and on a DiagnosisTrigger). */
public enum EventReason {
  Queued("Normal"),
  CapturePodCreated("Normal"),
  Diagnosed("Normal"),
  InvalidSpec("Warning"),
  PolicyDenied("Warning"),
  PathUnresolved("Warning"),
  VmiNotFound("Warning"),
  VmiNotRunning("Warning"),
  VmiMigrating("Warning"),
  InterfaceNotFound("Warning"),
  BindingNotSupported("Warning"),
  LauncherPodNotFound("Warning"),
  CaptureFailed("Warning"),
  NodeNotFound("Warning"),
  NodeNotReady("Warning"),
  NodeUnschedulable("Warning"),
  ImagePullFailed("Warning"),
  ContainerConfigFailed("Warning"),
  Evicted("Warning"),
  OOMKilled("Warning"),
  AgentFailed("Warning"),
  CapturePodDeleted("Warning"),
  CaptureTimedOut("Warning"),
  /** A finished diagnosis starts a new run (rerun annotation or schedule). */
  Rerun("Normal"),
  /** A run's verdict differs from the previous run's outcome. */
  VerdictChanged("Normal"),
  /** A one-shot diagnosis is deleted after its ttlSecondsAfterFinished. */
  Expired("Normal"),
  /** On a DiagnosisTrigger: an alert it matched created a diagnosis (aggregated, see TriggerEvents). */
  DiagnosisCreated("Normal"),
  /** On a DiagnosisTrigger: an alert it matched was refused (aggregated, see TriggerEvents). */
  AlertRefused("Warning");

  private final String type;

  EventReason(String type) {
    this.type = type;
  }

  /** Normal or Warning. */
  public String type() {
    return type;
  }
}
