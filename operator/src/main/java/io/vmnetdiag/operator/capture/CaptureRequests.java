package io.vmnetdiag.operator.capture;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.RunBinding;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;

/** Turns a validated libvirt diagnosis spec into the agent's request. */
public final class CaptureRequests {
  private CaptureRequests() {
  }

  /**
   * @param pcapHostDirectory the node directory for pcap files; each diagnosis generation writes below it
   * @param nonce this run's nonce (see {@link RunBinding}); null before the run has one
   */
  public static CaptureRequest forLibvirt(NetworkDiagnosis nd, String pcapHostDirectory, String nonce) {
    CaptureRequest request = CaptureRequest.forLibvirt(nd.getSpec().getTarget().getLibvirt(),
        nd.getSpec().getCapture(), pcapDirectory(nd, pcapHostDirectory));
    request.setDiagnosis(nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName());
    request.setRun(run(nd, nonce));
    return request;
  }

  /** The run a report must echo to be accepted for this diagnosis' current generation. */
  public static RunBinding run(NetworkDiagnosis nd, String nonce) {
    return new RunBinding(nonce, nd.getMetadata().getUid(), nd.getMetadata().getGeneration());
  }

  /** One directory per diagnosis generation, so runs never overwrite each other's files. */
  public static String pcapDirectory(NetworkDiagnosis nd, String pcapHostDirectory) {
    return pcapHostDirectory + "/" + nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName()
        + "/g" + nd.getMetadata().getGeneration();
  }
}
