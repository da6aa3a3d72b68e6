package io.vmnetdiag.operator.capture;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.CaptureStop;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.PcapSpec;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.api.v1alpha1.ProbeSpec;
import io.vmnetdiag.operator.validation.SpecValidator;
import java.util.ArrayList;

/** Turns a validated libvirt diagnosis spec into the agent's request. */
public final class CaptureRequests {
  private static final long MIB = 1024L * 1024;
  private CaptureRequests() {
  }

  /**
   * @param pcapHostDirectory the node directory for pcap files; each diagnosis generation writes below it
   */
  public static CaptureRequest forLibvirt(NetworkDiagnosis nd, String pcapHostDirectory) {
    LibvirtTarget target = nd.getSpec().getTarget().getLibvirt();
    CaptureSpec capture = nd.getSpec().getCapture() == null ? new CaptureSpec() : nd.getSpec().getCapture();
    CaptureRequest request = new CaptureRequest();
    request.setDiagnosis(nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName());
    request.setNode(target.getNode());
    request.setDomain(target.getDomain());
    request.setUri(target.getUri() == null ? LibvirtTarget.DEFAULT_URI : target.getUri());
    request.setAddress(target.getAddress());
    request.setInterfaceName(target.getInterfaceName());
    request.setDurationSeconds(SpecValidator.durationSeconds(capture));
    request.setSnapLength(capture.getSnapLength() == null ? CaptureSpec.DEFAULT_SNAP_LENGTH : capture.getSnapLength());
    request.setPeers(capture.getPeers() == null ? new ArrayList<>() : new ArrayList<>(capture.getPeers()));
    request.setPorts(capture.getPorts() == null ? new ArrayList<>() : new ArrayList<>(capture.getPorts()));
    ProbeSpec probes = capture.getProbes() == null ? new ProbeSpec() : capture.getProbes();
    request.setProbeMode((probes.getMode() == null ? ProbeMode.Auto : probes.getMode()).name());
    request.setProbeCount(probes.getCount() == null ? ProbeSpec.DEFAULT_COUNT : probes.getCount());
    request.setEndWhenConclusive(capture.getStop() != CaptureStop.AtWindowEnd);
    PcapSpec pcap = capture.getPcap();
    if (pcap != null && Boolean.TRUE.equals(pcap.getEnabled())) {
      request.setPcapDirectory(pcapDirectory(nd, pcapHostDirectory));
      request.setPcapMaxFileBytes(MIB * (pcap.getMaxFileMegabytes() == null
          ? PcapSpec.DEFAULT_MAX_FILE_MEGABYTES : pcap.getMaxFileMegabytes()));
      request.setPcapMaxFiles(pcap.getMaxFiles() == null ? PcapSpec.DEFAULT_MAX_FILES : pcap.getMaxFiles());
    }
    return request;
  }

  /** One directory per diagnosis generation, so runs never overwrite each other's files. */
  public static String pcapDirectory(NetworkDiagnosis nd, String pcapHostDirectory) {
    return pcapHostDirectory + "/" + nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName()
        + "/g" + nd.getMetadata().getGeneration();
  }
}
