package io.vmnetdiag.operator.capture;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;

/** Turns a validated libvirt diagnosis spec into the agent's request. */
public final class CaptureRequests {
  private CaptureRequests() {
  }

  /**
   * @param pcapHostDirectory the node directory for pcap files; each diagnosis generation writes below it
   */
  public static CaptureRequest forLibvirt(NetworkDiagnosis nd, String pcapHostDirectory) {
    CaptureRequest request = CaptureRequest.forLibvirt(nd.getSpec().getTarget().getLibvirt(),
        nd.getSpec().getCapture(), pcapDirectory(nd, pcapHostDirectory));
    request.setDiagnosis(nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName());
    return request;
  }

  /** One directory per diagnosis generation, so runs never overwrite each other's files. */
  public static String pcapDirectory(NetworkDiagnosis nd, String pcapHostDirectory) {
    return pcapHostDirectory + "/" + nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName()
        + "/g" + nd.getMetadata().getGeneration();
  }
}
