package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.RunBinding;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import java.util.Objects;

/**
 * Whether a pod and its report belong to the run the operator started. The pod's UID, recorded in the status when
 * the operator created it, is what binds: only the operator creates pods in the capture namespace, and a pod
 * re-created under the same name gets a new UID. The nonce adds freshness: a report of another run (an earlier
 * generation, a deleted diagnosis of the same name) does not echo it.
 */
public final class CaptureRunCheck {
  private CaptureRunCheck() {
  }

  /** Null when the pod is this run's; otherwise why it is not. */
  public static String podProblem(Pod pod, NetworkDiagnosisStatus status) {
    String uid = pod.getMetadata().getUid();
    String recordedUid = status == null ? null : status.getCapturePodUid();
    if (recordedUid != null) {
      return recordedUid.equals(uid) ? null : "pod " + pod.getMetadata().getName() + " has UID " + uid
          + ", not the UID " + recordedUid + " of the pod the operator created for this run";
    }
    // No UID recorded: the operator stopped between creating the pod and recording it. The pod is ours only if
    // it carries the nonce written to the status before the pod was created.
    String nonce = status == null ? null : status.getCaptureNonce();
    String podNonce = pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(CapturePods.ANNOTATION_NONCE);
    return nonce != null && nonce.equals(podNonce) ? null : "pod " + pod.getMetadata().getName()
        + " was not created by the operator for this run (it does not carry this run's nonce)";
  }

  /** Null when the report echoes the run; otherwise what it got wrong. */
  public static String reportProblem(AgentReport report, RunBinding expected) {
    RunBinding run = report.getRun();
    if (run == null) {
      return "the report names no run";
    }
    if (!Objects.equals(run.getNonce(), expected.getNonce())) {
      return "the report's nonce is not this run's";
    }
    if (!Objects.equals(run.getDiagnosisUid(), expected.getDiagnosisUid())) {
      return "the report is for diagnosis UID " + run.getDiagnosisUid() + ", not " + expected.getDiagnosisUid();
    }
    if (run.getGeneration() != expected.getGeneration()) {
      return "the report is for generation " + run.getGeneration() + ", not " + expected.getGeneration();
    }
    return null;
  }
}
