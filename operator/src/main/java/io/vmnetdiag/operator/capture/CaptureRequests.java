package io.vmnetdiag.operator.capture;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.OperatorSettings;

/** Turns a validated libvirt diagnosis spec into the agent's request. */
public final class CaptureRequests {
  private CaptureRequests() {
  }

  /** The request, its pcap files (when asked for) below the settings' node directory, which the agent keeps pruned. */
  public static CaptureRequest forLibvirt(NetworkDiagnosis nd, OperatorSettings settings) {
    CaptureRequest request = CaptureRequest.forLibvirt(nd.getSpec().getTarget().getLibvirt(),
        nd.getSpec().getCapture(), pcapDirectory(nd, settings.pcapHostDirectory()));
    request.setDiagnosis(nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName());
    if (request.getPcapDirectory() != null) {
      request.setPcapRoot(settings.pcapHostDirectory());
      request.setPcapRetentionSeconds(settings.pcapRetention().toSeconds());
      request.setPcapNodeLimitBytes(settings.pcapNodeLimitBytes());
    }
    return request;
  }

  /** One directory per diagnosis generation, so runs never overwrite each other's files. */
  public static String pcapDirectory(NetworkDiagnosis nd, String pcapHostDirectory) {
    return pcapHostDirectory + "/" + nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName()
        + "/g" + nd.getMetadata().getGeneration();
  }
}
