package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.OperatorSettings;
import io.vmnetdiag.operator.kubevirt.KubevirtResolution;
import io.vmnetdiag.operator.libvirt.NodeLibvirtUri;
import io.vmnetdiag.operator.policy.PolicyDecision;
import java.time.Duration;

/** A run's request to the agent, and how long its pod may take: the same for the start and every look after. */
public final class RunRequests {
  /**
   * Slack on top of the pod's own deadline (which the kubelet enforces) before the operator gives up on a
   * pod that no kubelet acts on, such as one bound to a node that is gone.
   */
  private static final Duration DEADLINE_SLACK = Duration.ofSeconds(10);

  private final OperatorSettings settings;
  private final NodeLibvirtUri libvirtUri;

  public RunRequests(OperatorSettings settings) {
    this.settings = settings;
    this.libvirtUri = new NodeLibvirtUri(settings.libvirtUris());
  }

  /**
   * The agent's request: the spec as the policy's grant limits it; a libvirt domain on the node group's libvirt URI,
   * a KubeVirt VMI as resolved.
   *
   * @param kubevirt the resolved VMI for a KubeVirt target, else null
   */
  public CaptureRequest of(KubernetesClient client, NetworkDiagnosis nd, PolicyDecision decision,
      KubevirtResolution.Resolved kubevirt, String nonce) {
    if (kubevirt != null) {
      CaptureRequest request = CaptureRequests.forKubevirt(nd, settings, nonce, kubevirt.target(), kubevirt.node());
      decision.applyTo(request);
      return request;
    }
    CaptureRequest request = CaptureRequests.forLibvirt(nd, settings, nonce);
    decision.applyTo(request);
    request.setUri(libvirtUri.of(client, request.getNode()));
    return request;
  }

  /** How long the run's pod may take from its creation: the window, the startup grace and the slack. */
  public Duration deadline(CaptureRequest request) {
    return Duration.ofSeconds(request.getDurationSeconds()).plus(settings.startupGrace()).plus(DEADLINE_SLACK);
  }
}
