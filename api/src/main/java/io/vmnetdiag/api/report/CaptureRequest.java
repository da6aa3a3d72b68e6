package io.vmnetdiag.api.report;

import java.util.ArrayList;
import java.util.List;

/** What the operator asks the node agent to do; passed as JSON in the pod's environment. */
public class CaptureRequest {
  /** Environment variable that carries the request. */
  public static final String ENV = "VMNETDIAG_REQUEST";

  private String diagnosis;
  private String node;
  private String domain;
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

  /** namespace/name of the NetworkDiagnosis, for the agent's log lines. */
  public String getDiagnosis() { return diagnosis; }
  public void setDiagnosis(String diagnosis) { this.diagnosis = diagnosis; }
  public String getNode() { return node; }
  public void setNode(String node) { this.node = node; }
  public String getDomain() { return domain; }
  public void setDomain(String domain) { this.domain = domain; }
  public String getUri() { return uri; }
  public void setUri(String uri) { this.uri = uri; }
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
}
