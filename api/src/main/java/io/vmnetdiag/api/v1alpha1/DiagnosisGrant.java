package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.vmnetdiag.api.report.DomainOwnerTag;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the namespaces one grant selects may diagnose, and with which capabilities. */
public class DiagnosisGrant {
  // Name patterns (nodes, domains): a trailing * makes a prefix, anything else is an exact name. Kept this simple
  // so that the operator and the admission policy's CEL match them the same way (no schema rule: its estimated
  // cost over lists of unbounded strings exceeds the CRD's CEL budget).
  public static final int DEFAULT_MAX_SNAP_LENGTH = CaptureSpec.DEFAULT_SNAP_LENGTH;

  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("A name for this grant, quoted in denials and events.")
  private String name;

  @Required
  @JsonPropertyDescription("The namespaces whose NetworkDiagnoses this grant covers.")
  private NamespaceMatch namespaces;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Kubernetes nodes whose libvirt domains may be diagnosed: exact names, prefixes ending in *"
      + " (node-*), or * for every node.")
  private List<String> nodes = new ArrayList<>();

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("libvirt domains that may be diagnosed: exact names, prefixes ending in * (team-a-*), or *"
      + " for every domain. KubeVirt targets need no pattern: the VMI must be in the diagnosis' own namespace.")
  private List<String> domains = new ArrayList<>();

  @Size(min = 1, max = 253)
  @JsonPropertyDescription("When set, a domain is diagnosed only if its libvirt <metadata> holds"
      + " <owner xmlns=\"" + DomainOwnerTag.NAMESPACE_URI + "\">VALUE</owner> with this value; the agent checks it"
      + " when it reads the domain XML and refuses the diagnosis (reason " + DomainOwnerTag.NOT_OWNED + ") otherwise.")
  private String domainOwner;

  @Default("{}")
  @JsonPropertyDescription("Whether the agent may send active probes to the VM, and to which TCP ports.")
  private ProbeGrant probes = new ProbeGrant();

  @Default("{}")
  @JsonPropertyDescription("Whether pcap files may be written on the node, and how large.")
  private PcapGrant pcap = new PcapGrant();

  @Default("96")
  @Min(64)
  @Max(65535)
  @JsonPropertyDescription("Largest capture.snapLength allowed. The default 96 keeps headers only; more lets the"
      + " tenant read payload bytes (DNS names, HTTP lines) of the VM's traffic.")
  private Integer maxSnapLength = DEFAULT_MAX_SNAP_LENGTH;

  @Default("Disabled")
  @JsonPropertyDescription("Highest remediation.mode allowed (Disabled, DryRun or Enabled). Reserved: the operator"
      + " does not remediate yet.")
  private RemediationMode remediation = RemediationMode.Disabled;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public NamespaceMatch getNamespaces() { return namespaces; }
  public void setNamespaces(NamespaceMatch namespaces) { this.namespaces = namespaces; }
  public List<String> getNodes() { return nodes; }
  public void setNodes(List<String> nodes) { this.nodes = nodes; }
  public List<String> getDomains() { return domains; }
  public void setDomains(List<String> domains) { this.domains = domains; }
  public String getDomainOwner() { return domainOwner; }
  public void setDomainOwner(String domainOwner) { this.domainOwner = domainOwner; }
  public ProbeGrant getProbes() { return probes; }
  public void setProbes(ProbeGrant probes) { this.probes = probes; }
  public PcapGrant getPcap() { return pcap; }
  public void setPcap(PcapGrant pcap) { this.pcap = pcap; }
  public Integer getMaxSnapLength() { return maxSnapLength; }
  public void setMaxSnapLength(Integer maxSnapLength) { this.maxSnapLength = maxSnapLength; }
  public RemediationMode getRemediation() { return remediation; }
  public void setRemediation(RemediationMode remediation) { this.remediation = remediation; }
}
