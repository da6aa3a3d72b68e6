package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The VM's network path on its node, outside in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResolvedPath {
  @JsonPropertyDescription("Node the VM runs on.")
  private String node;

  @JsonPropertyDescription("libvirt domain name.")
  private String domain;

  @JsonPropertyDescription("MAC address of the VM's NIC.")
  private String vmMac;

  @JsonPropertyDescription("IP address of the VM, if it could be learned.")
  private String vmAddress;

  @JsonPropertyDescription("Where the VM's address came from: Spec, GuestAgent, NeighbourTable, Observed (from the frames the VM sent),"
      + " VmiStatus (a KubeVirt VMI's status.interfaces, from the domain), LauncherPodIp (its virt-launcher pod's IP),"
      + " or Unknown.")
  private AddressSource addressSource;

  @JsonPropertyDescription("The libvirt link state of the VM's NIC: up, or down when libvirt holds the guest's link down"
      + " (<link state='down'/>, virsh domif-setlink). A link held down is invisible on the node (the tap stays up)"
      + " while the guest sees no carrier. For a KubeVirt VM, the VMI's status.interfaces[].linkState (virt-launcher's"
      + " libvirt, set by the interface's spec state).")
  private String linkState;

  @JsonPropertyDescription("The VLAN tags libvirt sets on the VM's NIC (<vlan><tag id>), when any.")
  private List<Integer> vlanTags;

  @JsonPropertyDescription("The bandwidth limits libvirt sets on the VM's NIC (<bandwidth>), in one line such as"
      + " 'outbound average=10000 pps=120000' (average, peak and floor in KiB/s, burst in KiB, pps in packets per"
      + " second): traffic above them is dropped or delayed on the node.")
  private String bandwidthLimits;

  @JsonPropertyDescription("Which NIC of the domain was traced and why: the only one, the one spec.target.libvirt.interface"
      + " names, or the one known to hold the requested address.")
  private String interfaceSelection;

  @JsonPropertyDescription("The guest's own view of its interfaces through its guest agent, at the start and the end of"
      + " the window (addresses, up/down, rx/tx/error/drop counters); or why there is none (no agent, agent not"
      + " answering, libvirt's test driver). Its presence means the agent was asked over libvirt's read-write socket.")
  private GuestView guest;

  @JsonPropertyDescription("The hops, outside in: uplink, bridge, tap (the VM's backend device), guest; for a KubeVirt"
      + " VM the node's uplink and bridge (if the CNI has one), the pod's veth on the node, then in the virt-launcher"
      + " pod its interface, bridge and the VM's tap.")
  private List<Hop> hops = new ArrayList<>();

  @JsonPropertyDescription("The hop whose device translates the VM's address (KubeVirt's masquerade binding: the"
      + " virt-launcher pod's eth0, past which the guest's own address behind the pod's NAT becomes the pod's): the"
      + " VM's address holds from there out. Absent when the VM sends from its address all the way.")
  private String addressTranslatedAt;

  @JsonPropertyDescription("Hops of the path that are not captured, each with the reason (e.g. a node with no default"
      + " route has no uplink to capture on).")
  private List<String> uncapturedHops;

  public String getNode() { return node; }
  public void setNode(String node) { this.node = node; }
  public String getDomain() { return domain; }
  public void setDomain(String domain) { this.domain = domain; }
  public String getVmMac() { return vmMac; }
  public void setVmMac(String vmMac) { this.vmMac = vmMac; }
  public String getVmAddress() { return vmAddress; }
  public void setVmAddress(String vmAddress) { this.vmAddress = vmAddress; }
  public AddressSource getAddressSource() { return addressSource; }
  public void setAddressSource(AddressSource addressSource) { this.addressSource = addressSource; }
  public String getLinkState() { return linkState; }
  public void setLinkState(String linkState) { this.linkState = linkState; }
  public String getInterfaceSelection() { return interfaceSelection; }
  public void setInterfaceSelection(String interfaceSelection) { this.interfaceSelection = interfaceSelection; }
  public List<Integer> getVlanTags() { return vlanTags; }
  public void setVlanTags(List<Integer> vlanTags) { this.vlanTags = vlanTags; }
  public String getBandwidthLimits() { return bandwidthLimits; }
  public void setBandwidthLimits(String bandwidthLimits) { this.bandwidthLimits = bandwidthLimits; }
  public GuestView getGuest() { return guest; }
  public void setGuest(GuestView guest) { this.guest = guest; }
  public String getAddressTranslatedAt() { return addressTranslatedAt; }
  public void setAddressTranslatedAt(String addressTranslatedAt) { this.addressTranslatedAt = addressTranslatedAt; }
  public List<String> getUncapturedHops() { return uncapturedHops; }
  public void setUncapturedHops(List<String> uncapturedHops) { this.uncapturedHops = uncapturedHops; }
  public List<Hop> getHops() { return hops; }
  public void setHops(List<Hop> hops) { this.hops = hops; }
}
