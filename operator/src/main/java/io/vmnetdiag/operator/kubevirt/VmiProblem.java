package io.vmnetdiag.operator.kubevirt;

/**
 * Why a KubeVirt target cannot be captured now: each ends the diagnosis final, with a reason of the same name in the
 * status and a Warning event (outcome.OutcomeTable maps them). Re-create the diagnosis once the VMI is ready.
 */
public enum VmiProblem {
  VmiNotFound,
  VmiNotRunning,
  /** A live migration is under way: capturing now could watch the wrong node. */
  VmiMigrating,
  InterfaceNotFound,
  BindingNotSupported,
  LauncherPodNotFound
}
