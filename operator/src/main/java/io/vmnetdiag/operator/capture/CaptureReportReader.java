package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;

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

  private static String log(KubernetesClient client, Pod pod) {
    try {
      return client.pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .inContainer(CapturePods.CONTAINER)
          .getLog();
    } catch (KubernetesClientException e) {
      return null;
    }
  }
}
