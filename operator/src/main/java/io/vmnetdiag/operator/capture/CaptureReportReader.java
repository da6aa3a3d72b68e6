package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Recovers the agent's report from a finished capture pod: termination message first, log when needed. */
public final class CaptureReportReader {
  private final ReportCodec codec = new ReportCodec();

  /**
   * @throws ReportCodec.ReportException with a message for the status when no complete report can be read
   */
  public AgentReport read(KubernetesClient client, Pod pod, CapturePodOutcome outcome) {
    if (outcome.terminationMessage() == null || outcome.terminationMessage().isBlank()) {
      throw new ReportCodec.ReportException("capture pod " + pod.getMetadata().getName()
          + " ended without a report: " + outcome.problem());
    }
    return codec.decode(outcome.terminationMessage(), () -> log(client, pod));
  }

  /**
   * At most {@link ReportCodec#MAX_LOG_BYTES}, asked of the server and enforced while reading: a pod cannot flood
   * the operator's heap.
   */
  private static String log(KubernetesClient client, Pod pod) {
    byte[] log;
    try (InputStream in = client.pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .inContainer(CapturePods.CONTAINER)
        .limitBytes(ReportCodec.MAX_LOG_BYTES + 1)
        .getLogInputStream()) {
      log = in.readNBytes(ReportCodec.MAX_LOG_BYTES + 1);
    } catch (IOException | KubernetesClientException e) {
      return null;
    }
    if (log.length > ReportCodec.MAX_LOG_BYTES) {
      throw new ReportCodec.ReportException("capture pod " + pod.getMetadata().getName() + " wrote more than "
          + ReportCodec.MAX_LOG_BYTES + " bytes of log; a report is never that large, so it was not read further");
    }
    return new String(log, StandardCharsets.UTF_8);
  }
}
