package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What one hop saw during the capture window. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class HopObservation {
  @JsonPropertyDescription("The hop's role on the path.")
  private HopRole role;

  @JsonPropertyDescription("The interface captured.")
  private String interfaceName;

  @JsonPropertyDescription("Packets travelling towards the VM, by kind.")
  private TrafficCounts toVm = new TrafficCounts();

  @JsonPropertyDescription("Packets sent by the VM, by kind.")
  private TrafficCounts fromVm = new TrafficCounts();

  @JsonPropertyDescription("Of fromVm, the packets addressed to the node itself (destination MAC its uplink's or bridge's): answers to the node's own probes and local peers, which end on this node and never cross the uplink.")
  private TrafficCounts fromVmToNode = new TrafficCounts();

  @JsonPropertyDescription("The capture's own statistics: packets the kernel dropped were not seen, so they say nothing about the network.")
  private CaptureStats capture = new CaptureStats();

  @JsonPropertyDescription("Packets as data and as tcpdump prints them, in capture order: the first and last few of the window, and the first and last of every direction and kind seen.")
  private List<PacketSample> samples = new ArrayList<>();

  @JsonPropertyDescription("The VM's own neighbour lookups seen here (ARP who-has, IPv6 solicitations), per address asked, with the answers handed to it (at most 8 addresses).")
  private List<NeighborLookup> neighborLookups = new ArrayList<>();

  @JsonPropertyDescription("Addresses the VM's MAC sent from (ARP sender, IPv4 and IPv6 source; at most 4): how the VM's address is learned when nothing else gives it.")
  private List<String> vmSourceAddresses = new ArrayList<>();

  @JsonPropertyDescription("Frames of the VM's traffic by 802.1Q VLAN id (tagged frames only): a VLAN mismatch shows here.")
  private List<VlanCount> vlans = new ArrayList<>();

  @JsonPropertyDescription("The peers the VM exchanged most packets with (at most 5).")
  private List<PeerCount> topPeers = new ArrayList<>();

  @JsonPropertyDescription("The VM's ports with most packets (at most 5).")
  private List<PortCount> topPorts = new ArrayList<>();

  @JsonPropertyDescription("First and last time each kind of packet was seen, by direction.")
  private List<KindTimeline> timeline = new ArrayList<>();

  @JsonPropertyDescription("pcap files written for this hop, when spec.capture.pcap is enabled.")
  private List<PcapFile> pcapFiles = new ArrayList<>();

  @JsonPropertyDescription("nftables rules tied to this hop whose counters moved during the window, and its drop rules without a counter (whether those acted cannot be told).")
  private List<FirewallRuleHit> firewallRules = new ArrayList<>();

  @JsonPropertyDescription("Qdiscs on this hop's device whose drop counters grew during the window (they count every packet through the device, not only the VM's).")
  private List<QdiscDrop> qdiscDrops = new ArrayList<>();

  @JsonPropertyDescription("The kernel's drop reasons (skb:kfree_skb) tied to this hop during the window, each with why: the tracepoint names no device, so only counts other evidence places here.")
  private List<DropReasonCount> dropReasons = new ArrayList<>();

  @JsonPropertyDescription("Why this hop could not be captured, if it could not.")
  private String failure;

  public HopObservation() {
  }

  public HopObservation(HopRole role, String interfaceName) {
    this.role = role;
    this.interfaceName = interfaceName;
  }

  public HopRole getRole() { return role; }
  public void setRole(HopRole role) { this.role = role; }
  public String getInterfaceName() { return interfaceName; }
  public void setInterfaceName(String interfaceName) { this.interfaceName = interfaceName; }
  public TrafficCounts getToVm() { return toVm; }
  public void setToVm(TrafficCounts toVm) { this.toVm = toVm; }
  public TrafficCounts getFromVm() { return fromVm; }
  public void setFromVm(TrafficCounts fromVm) { this.fromVm = fromVm; }
  public TrafficCounts getFromVmToNode() { return fromVmToNode; }
  public void setFromVmToNode(TrafficCounts fromVmToNode) { this.fromVmToNode = fromVmToNode; }
  public CaptureStats getCapture() { return capture; }
  public void setCapture(CaptureStats capture) { this.capture = capture; }
  public List<PacketSample> getSamples() { return samples; }
  public void setSamples(List<PacketSample> samples) { this.samples = samples; }
  public List<NeighborLookup> getNeighborLookups() { return neighborLookups; }
  public void setNeighborLookups(List<NeighborLookup> neighborLookups) { this.neighborLookups = neighborLookups; }
  public List<String> getVmSourceAddresses() { return vmSourceAddresses; }
  public void setVmSourceAddresses(List<String> vmSourceAddresses) { this.vmSourceAddresses = vmSourceAddresses; }
  public List<VlanCount> getVlans() { return vlans; }
  public void setVlans(List<VlanCount> vlans) { this.vlans = vlans; }
  public List<PeerCount> getTopPeers() { return topPeers; }
  public void setTopPeers(List<PeerCount> topPeers) { this.topPeers = topPeers; }
  public List<PortCount> getTopPorts() { return topPorts; }
  public void setTopPorts(List<PortCount> topPorts) { this.topPorts = topPorts; }
  public List<KindTimeline> getTimeline() { return timeline; }
  public void setTimeline(List<KindTimeline> timeline) { this.timeline = timeline; }
  public List<PcapFile> getPcapFiles() { return pcapFiles; }
  public void setPcapFiles(List<PcapFile> pcapFiles) { this.pcapFiles = pcapFiles; }
  public List<FirewallRuleHit> getFirewallRules() { return firewallRules; }
  public void setFirewallRules(List<FirewallRuleHit> firewallRules) { this.firewallRules = firewallRules; }
  public List<QdiscDrop> getQdiscDrops() { return qdiscDrops; }
  public void setQdiscDrops(List<QdiscDrop> qdiscDrops) { this.qdiscDrops = qdiscDrops; }
  public List<DropReasonCount> getDropReasons() { return dropReasons; }
  public void setDropReasons(List<DropReasonCount> dropReasons) { this.dropReasons = dropReasons; }
  public String getFailure() { return failure; }
  public void setFailure(String failure) { this.failure = failure; }
}
