package io.vmnetdiag.operator.kubevirt;

import io.vmnetdiag.operator.events.EventReason;
import io.vmnetdiag.operator.status.Reasons;

/**
 * Why a KubeVirt target cannot be captured now: each ends the diagnosis final, with this reason in the status
 * and a Warning event of the same name. Re-create the diagnosis once the VMI is ready.
 */
public enum VmiProblem {
  VmiNotFound(Reasons.VMI_NOT_FOUND, EventReason.VmiNotFound),
  VmiNotRunning(Reasons.VMI_NOT_RUNNING, EventReason.VmiNotRunning),
  /** A live migration is under way: capturing now could watch the wrong node. */
  VmiMigrating(Reasons.VMI_MIGRATING, EventReason.VmiMigrating),
  InterfaceNotFound(Reasons.INTERFACE_NOT_FOUND, EventReason.InterfaceNotFound),
  BindingNotSupported(Reasons.BINDING_NOT_SUPPORTED, EventReason.BindingNotSupported),
  LauncherPodNotFound(Reasons.LAUNCHER_POD_NOT_FOUND, EventReason.LauncherPodNotFound);

  private final String reason;
  private final EventReason event;

  VmiProblem(String reason, EventReason event) {
    this.reason = reason;
    this.event = event;
  }

  /** The condition reason. */
  public String reason() {
    return reason;
  }

  public EventReason event() {
    return event;
  }
}
