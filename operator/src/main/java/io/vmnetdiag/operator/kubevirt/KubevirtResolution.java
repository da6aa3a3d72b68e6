package io.vmnetdiag.operator.kubevirt;

import io.vmnetdiag.api.report.KubevirtCaptureTarget;

/** How resolving a KubeVirt target through the API server ended. */
public sealed interface KubevirtResolution {
  /** The VM, its interface and launcher pod, for the agent on {@code node}. */
  record Resolved(KubevirtCaptureTarget target, String node) implements KubevirtResolution {
  }

  /** Why it cannot be captured now, for the status and the event. */
  record Unresolved(VmiProblem problem, String message) implements KubevirtResolution {
  }
}
