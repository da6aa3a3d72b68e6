package io.vmnetdiag.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;

/**
 * Writes a status only when it changed. The whole status is replaced (fields that became empty must
 * disappear, which a merge patch would not do) and the result is cached, so the next reconcile sees it
 * even before the watch event arrives. Each written status is shown to the observer (metrics).
 */
public final class StatusWriter {
  private final ObjectMapper mapper = new ObjectMapper();
  private final StatusObserver observer;

  public StatusWriter() {
    this(StatusObserver.NONE);
  }

  public StatusWriter(StatusObserver observer) {
    this.observer = observer;
  }

  public void write(NetworkDiagnosis nd, NetworkDiagnosisStatus status, Context<NetworkDiagnosis> context) {
    if (nd.getStatus() != null && mapper.valueToTree(nd.getStatus()).equals(mapper.valueToTree(status))) {
      return;
    }
    NetworkDiagnosisStatus previous = nd.getStatus(); // taken first: the update may change nd
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(nd, context, fresh -> {
      fresh.setStatus(status);
      return fresh;
    });
    observer.statusWritten(nd, previous, status);
  }
}
