package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.OperatorSettings;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Starts a run's capture pod in the capture namespace when a slot is free, and says how it went: started, queued,
 * the name taken by a pod the operator did not create, or refused by Pod Security. Other API errors propagate
 * (JOSDK retries them).
 */
public final class CaptureStart {
  /** How a start attempt ended. */
  public sealed interface Result permits Started, Queued, NameTaken, Refused {
  }

  /** The pod exists; its UID is what binds the run's report. */
  public record Started(Pod pod) implements Result {
  }

  /** No slot on the node or for the VM; why. */
  public record Queued(String reason) implements Result {
  }

  /** A pod with the run's name already existed: never adopted. */
  public record NameTaken(Pod squatter, String message) implements Result {
  }

  /** Pod Security admission refused the pod: the capture namespace is not privileged. */
  public record Refused(String message) implements Result {
  }

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final CapturePodFactory podFactory;
  private final CaptureSlots slots;

  /** @param cachedOnNode the capture pods the informer's cache holds for a node (see CaptureSlots) */
  public CaptureStart(KubernetesClient client, OperatorSettings settings,
      Function<String, Stream<Pod>> cachedOnNode) {
    this.client = client;
    this.settings = settings;
    this.podFactory = new CapturePodFactory(settings);
    this.slots = new CaptureSlots(client, settings.captureNamespace(), settings.maxCapturesPerNode(), cachedOnNode);
  }

  /**
   * @param recordNonce writes the request's nonce to the status; runs only when a slot is free, before the pod is
   *     created, so a restarted operator recognises the pod
   */
  public Result start(NetworkDiagnosis nd, CaptureRequest request, Runnable recordNonce) {
    String podName = CapturePods.podName(nd);
    try {
      CaptureSlots.Start start = slots.startWhenFree(nd, request.getNode(), CaptureRequests.vmName(request), () -> {
        recordNonce.run();
        return client.resource(podFactory.build(nd, request)).create();
      });
      return start.pod() != null ? new Started(start.pod()) : new Queued(start.waitReason());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return new NameTaken(client.pods().inNamespace(settings.captureNamespace()).withName(podName).get(),
            "Capture pod " + podName + " already existed in namespace " + settings.captureNamespace()
                + ", not created by the operator for this run; it is never adopted and was deleted. Re-create the"
                + " diagnosis to capture again.");
      }
      if (!rejectedByPodSecurity(e)) {
        throw e;
      }
      return new Refused("Pod Security admission rejected capture pod " + podName + " in the capture namespace "
          + settings.captureNamespace() + ": " + e.getStatus().getMessage() + ". Capture pods need hostNetwork,"
          + " NET_RAW and NET_ADMIN (and, for a KubeVirt VMI, hostPID, SYS_PTRACE and SYS_ADMIN), so the administrator must label namespace " + settings.captureNamespace()
          + " pod-security.kubernetes.io/enforce=privileged (the Helm chart does); then re-create the diagnosis.");
    }
  }

  /** A 403 from the PodSecurity admission plugin (its message says "violates PodSecurity"), not from RBAC. */
  private static boolean rejectedByPodSecurity(KubernetesClientException e) {
    return e.getCode() == 403 && e.getStatus() != null && e.getStatus().getMessage() != null
        && e.getStatus().getMessage().contains("violates PodSecurity");
  }
}
