package io.vmnetdiag.operator.rerun;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;

/** Which run of its generation a diagnosis is on: 1 until a re-run, so diagnoses that never re-run keep their names. */
public final class RunNumber {
  private RunNumber() {
  }

  /** The run of the diagnosis' current generation. */
  public static long of(NetworkDiagnosis nd) {
    NetworkDiagnosisStatus status = nd.getStatus();
    boolean current = status != null && status.getObservedGeneration() != null
        && status.getObservedGeneration().equals(nd.getMetadata().getGeneration());
    return current ? of(status) : 1;
  }

  /** The run a status describes. */
  public static long of(NetworkDiagnosisStatus status) {
    return status.getRun() == null ? 1 : status.getRun();
  }
}
