package io.vmnetdiag.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;

/**
 * Writes a status only when it changed. The whole status is replaced (fields that became empty must
 * disappear, which a merge patch would not do) and the result is cached, so the next reconcile sees it
 * even before the watch event arrives.
 */
public final class StatusWriter {
  private final ObjectMapper mapper = new ObjectMapper();

  public void write(NetworkDiagnosis nd, NetworkDiagnosisStatus status, Context<NetworkDiagnosis> context) {
    if (nd.getStatus() != null && mapper.valueToTree(nd.getStatus()).equals(mapper.valueToTree(status))) {
      return;
    }
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(nd, context, fresh -> {
      fresh.setStatus(status);
      return fresh;
    });
  }
}
