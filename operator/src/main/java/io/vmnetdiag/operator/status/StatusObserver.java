package io.vmnetdiag.operator.status;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;

/** Told of every status the operator wrote, so metrics follow the statuses rather than the reconciler's branches. */
@FunctionalInterface
public interface StatusObserver {
  StatusObserver NONE = (diagnosis, previous, written) -> { };

  /**
   * @param diagnosis the diagnosis reconciled
   * @param previous the status it had before this write, or null
   * @param written the status now stored
   */
  void statusWritten(NetworkDiagnosis diagnosis, NetworkDiagnosisStatus previous, NetworkDiagnosisStatus written);
}
