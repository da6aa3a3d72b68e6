package io.vmnetdiag.operator.capture;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.RunBinding;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.OperatorSettings;

/** Turns a validated libvirt diagnosis spec into the agent's request. */
public final class CaptureRequests {
  private CaptureRequests() {
  }

  /**
   * The request, its pcap files (when asked for) below the settings' node directory, which the agent keeps pruned.
   *
   * @param nonce this run's nonce (see {@link RunBinding}); null before the run has one
   */
  public static CaptureRequest forLibvirt(NetworkDiagnosis nd, OperatorSettings settings, String nonce) {
    CaptureRequest request = CaptureRequest.forLibvirt(nd.getSpec().getTarget().getLibvirt(),
        nd.getSpec().getCapture(), pcapDirectory(nd, settings.pcapHostDirectory()));
    request.setDiagnosis(nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName());
    request.setRun(run(nd, nonce));
    if (request.getPcapDirectory() != null) {
      request.setPcapRoot(settings.pcapHostDirectory());
      request.setPcapRetentionSeconds(settings.pcapRetention().toSeconds());
      request.setPcapNodeLimitBytes(settings.pcapNodeLimitBytes());
    }
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
