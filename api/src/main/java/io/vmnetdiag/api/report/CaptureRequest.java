package io.vmnetdiag.api.report;

import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.CaptureStop;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.PcapSpec;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.api.v1alpha1.ProbeSpec;
import java.util.ArrayList;
import java.util.List;

/** What the operator asks the node agent to do; passed as JSON in the pod's environment. */
public class CaptureRequest {
  /** Environment variable that carries the request. */
  public static final String ENV = "VMNETDIAG_REQUEST";

  private static final long MIB = 1024L * 1024;

  private String diagnosis;
  /** The KubeVirt VM to trace, for a KubeVirt target; null for a libvirt domain. */
  private KubevirtCaptureTarget kubevirt;
  /** Which run this is; the report echoes it (null from the CLI, which reads its own agent's report). */
  private RunBinding run;
  private String node;
  private String domain;
  /** Set by the administrator's side (operator setting per node group, CLI --connect), never by a tenant. */
  private String uri;
  private String address;
  /** The NIC to trace: a MAC address or a backend device name; null lets the agent choose (see LibvirtTarget). */
  private String interfaceName;
  private int durationSeconds;
  private int snapLength;
  private List<String> peers = new ArrayList<>();
  private List<Integer> ports = new ArrayList<>();
  private String probeMode = "Auto";
  private int probeCount = 3;
  /** Close the window as soon as the evidence is conclusive. */
  private boolean endWhenConclusive = true;
  /** Directory (inside the pod) for pcap files; null when pcap export is off. */
  private String pcapDirectory;
  private long pcapMaxFileBytes;
  private int pcapMaxFiles;
  /**
   * The node's pcap root (inside the pod, above {@link #pcapDirectory}) whose old runs the agent prunes before it
   * writes; null: nothing is pruned (the CLI writes where its user says).
   */
  private String pcapRoot;
  /** Runs under the root last written longer ago than this are removed. */
  private long pcapRetentionSeconds;
  /** The most bytes of pcap files the root may hold, this run's included. */
  private long pcapNodeLimitBytes;
  /** When set, the domain's libvirt metadata must carry this owner tag ({@link DomainOwnerTag}). */
  private String requiredOwner;
  /** A missing domain's error lists the node's domains: for the host's administrator (CLI), never for tenants. */
  private boolean listKnownDomains;

  /**
   * The request for a libvirt target and a valid capture spec, with the spec's defaults for whatever it leaves
   * out: the operator (from a NetworkDiagnosis) and the CLI (from its flags) both build it here.
   *
   * @param pcapDirectory where the agent writes pcap files, used only when the spec enables them
   */
  public static CaptureRequest forLibvirt(LibvirtTarget target, CaptureSpec spec, String pcapDirectory) {
    CaptureRequest request = forCapture(spec, pcapDirectory);
    request.setNode(target.getNode());
    request.setDomain(target.getDomain());
    request.setAddress(target.getAddress());
    request.setInterfaceName(target.getInterfaceName());
    return request;
  }

  /**
   * The request for a KubeVirt VM the operator resolved (on the VMI's node), with the same capture defaults as
   * {@link #forLibvirt}.
   */
  public static CaptureRequest forKubevirt(KubevirtCaptureTarget target, String node, CaptureSpec spec,
      String pcapDirectory) {
    CaptureRequest request = forCapture(spec, pcapDirectory);
    request.setNode(node);
    request.setKubevirt(target);
    return request;
  }

  private static CaptureRequest forCapture(CaptureSpec spec, String pcapDirectory) {
    CaptureSpec capture = spec == null ? new CaptureSpec() : spec;
    CaptureRequest request = new CaptureRequest();
    request.setDurationSeconds(CaptureSpec.seconds(capture.getDuration()));
    request.setSnapLength(capture.getSnapLength() == null ? CaptureSpec.DEFAULT_SNAP_LENGTH : capture.getSnapLength());
    request.setPeers(capture.getPeers() == null ? new ArrayList<>() : new ArrayList<>(capture.getPeers()));
    request.setPorts(capture.getPorts() == null ? new ArrayList<>() : new ArrayList<>(capture.getPorts()));
    ProbeSpec probes = capture.getProbes() == null ? new ProbeSpec() : capture.getProbes();
    request.setProbeMode((probes.getMode() == null ? ProbeMode.Auto : probes.getMode()).name());
    request.setProbeCount(probes.getCount() == null ? ProbeSpec.DEFAULT_COUNT : probes.getCount());
    request.setEndWhenConclusive(capture.getStop() != CaptureStop.AtWindowEnd);
    PcapSpec pcap = capture.getPcap();
    if (pcap != null && Boolean.TRUE.equals(pcap.getEnabled())) {
      request.setPcapDirectory(pcapDirectory);
      request.setPcapMaxFileBytes(MIB * (pcap.getMaxFileMegabytes() == null
          ? PcapSpec.DEFAULT_MAX_FILE_MEGABYTES : pcap.getMaxFileMegabytes()));
      request.setPcapMaxFiles(pcap.getMaxFiles() == null ? PcapSpec.DEFAULT_MAX_FILES : pcap.getMaxFiles());
    }
    return request;
  }

  /** namespace/name of the NetworkDiagnosis, for the agent's log lines. */
  public String getDiagnosis() { return diagnosis; }
  public void setDiagnosis(String diagnosis) { this.diagnosis = diagnosis; }
  public RunBinding getRun() { return run; }
  public void setRun(RunBinding run) { this.run = run; }
  public String getNode() { return node; }
  public void setNode(String node) { this.node = node; }
  public String getDomain() { return domain; }
  public void setDomain(String domain) { this.domain = domain; }
  public String getUri() { return uri; }
  public void setUri(String uri) { this.uri = uri; }
  public KubevirtCaptureTarget getKubevirt() { return kubevirt; }
  public void setKubevirt(KubevirtCaptureTarget kubevirt) { this.kubevirt = kubevirt; }
  public String getAddress() { return address; }
  public void setAddress(String address) { this.address = address; }
  public String getInterfaceName() { return interfaceName; }
  public void setInterfaceName(String interfaceName) { this.interfaceName = interfaceName; }
  public int getDurationSeconds() { return durationSeconds; }
  public void setDurationSeconds(int durationSeconds) { this.durationSeconds = durationSeconds; }
  public int getSnapLength() { return snapLength; }
  public void setSnapLength(int snapLength) { this.snapLength = snapLength; }
  public List<String> getPeers() { return peers; }
  public void setPeers(List<String> peers) { this.peers = peers; }
  public List<Integer> getPorts() { return ports; }
  public void setPorts(List<Integer> ports) { this.ports = ports; }
  public String getProbeMode() { return probeMode; }
  public void setProbeMode(String probeMode) { this.probeMode = probeMode; }
  public int getProbeCount() { return probeCount; }
  public void setProbeCount(int probeCount) { this.probeCount = probeCount; }
  public boolean isEndWhenConclusive() { return endWhenConclusive; }
  public void setEndWhenConclusive(boolean endWhenConclusive) { this.endWhenConclusive = endWhenConclusive; }
  public String getPcapDirectory() { return pcapDirectory; }
  public void setPcapDirectory(String pcapDirectory) { this.pcapDirectory = pcapDirectory; }
  public long getPcapMaxFileBytes() { return pcapMaxFileBytes; }
  public void setPcapMaxFileBytes(long pcapMaxFileBytes) { this.pcapMaxFileBytes = pcapMaxFileBytes; }
  public int getPcapMaxFiles() { return pcapMaxFiles; }
  public void setPcapMaxFiles(int pcapMaxFiles) { this.pcapMaxFiles = pcapMaxFiles; }
  public String getPcapRoot() { return pcapRoot; }
  public void setPcapRoot(String pcapRoot) { this.pcapRoot = pcapRoot; }
  public long getPcapRetentionSeconds() { return pcapRetentionSeconds; }
  public void setPcapRetentionSeconds(long pcapRetentionSeconds) { this.pcapRetentionSeconds = pcapRetentionSeconds; }
  public long getPcapNodeLimitBytes() { return pcapNodeLimitBytes; }
  public void setPcapNodeLimitBytes(long pcapNodeLimitBytes) { this.pcapNodeLimitBytes = pcapNodeLimitBytes; }
  public String getRequiredOwner() { return requiredOwner; }
  public void setRequiredOwner(String requiredOwner) { this.requiredOwner = requiredOwner; }
  public boolean isListKnownDomains() { return listKnownDomains; }
  public void setListKnownDomains(boolean listKnownDomains) { this.listKnownDomains = listKnownDomains; }
}
