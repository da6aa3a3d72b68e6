package io.vmnetdiag.operator.capture;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.report.RunBinding;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.rerun.RunNumber;
import io.vmnetdiag.operator.OperatorSettings;

/** Turns a validated diagnosis spec (and, for KubeVirt, the resolved VMI) into the agent's request. */
public final class CaptureRequests {
  private CaptureRequests() {
  }

  /**
   * The request, its pcap files (when asked for) below the settings' node directory, which the agent keeps pruned.
   *
   * @param nonce this run's nonce (see {@link RunBinding}); null before the run has one
   */
  public static CaptureRequest forLibvirt(NetworkDiagnosis nd, OperatorSettings settings, String nonce) {
    return complete(CaptureRequest.forLibvirt(nd.getSpec().getTarget().getLibvirt(), nd.getSpec().getCapture(),
        pcapDirectory(nd, settings.pcapHostDirectory())), nd, settings, nonce);
  }

  /**
   * The request for a KubeVirt target on the node the operator resolved it to.
   *
   * @param target the resolved VMI; null once the run's pod exists (the agent has it, analysis needs no more)
   */
  public static CaptureRequest forKubevirt(NetworkDiagnosis nd, OperatorSettings settings, String nonce,
      KubevirtCaptureTarget target, String node) {
    return complete(CaptureRequest.forKubevirt(target, node, nd.getSpec().getCapture(),
        pcapDirectory(nd, settings.pcapHostDirectory())), nd, settings, nonce);
  }

  private static CaptureRequest complete(CaptureRequest request, NetworkDiagnosis nd, OperatorSettings settings,
      String nonce) {
    request.setDiagnosis(nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName());
    request.setRun(run(nd, nonce));
    if (request.getPcapDirectory() != null) {
      request.setPcapRoot(settings.pcapHostDirectory());
      request.setPcapRetentionSeconds(settings.pcapRetention().toSeconds());
      request.setPcapNodeLimitBytes(settings.pcapNodeLimitBytes());
    }
    return request;
  }

  /** The VM a request captures, for capture slots (one capture per VM) and messages. */
  public static String vmName(CaptureRequest request) {
    KubevirtCaptureTarget kubevirt = request.getKubevirt();
    return kubevirt == null ? request.getDomain() : "kubevirt:" + kubevirt.getNamespace() + "/" + kubevirt.getVmi();
  }

  /** The run a report must echo to be accepted for this diagnosis' current generation. */
  public static RunBinding run(NetworkDiagnosis nd, String nonce) {
    return new RunBinding(nonce, nd.getMetadata().getUid(), nd.getMetadata().getGeneration());
  }

  /** One directory per diagnosis generation and re-run, so runs never overwrite each other's files. */
  public static String pcapDirectory(NetworkDiagnosis nd, String pcapHostDirectory) {
    long run = RunNumber.of(nd);
    return pcapHostDirectory + "/" + nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName()
        + "/g" + nd.getMetadata().getGeneration() + (run > 1 ? "-r" + run : "");
  }
}
