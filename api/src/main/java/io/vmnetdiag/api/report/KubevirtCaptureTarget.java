package io.vmnetdiag.api.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import java.util.ArrayList;
import java.util.List;

/**
 * A KubeVirt VM as the operator resolved it from the API server, for the agent on its node: the virt-launcher pod
 * (whose network namespace the agent finds by the pod's UID) and the VMI interface to trace with its binding.
 * Null fields were not known to the operator.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubevirtCaptureTarget {
  /** Namespace of the VirtualMachineInstance and its virt-launcher pod. */
  private String namespace;
  /** Name of the VirtualMachineInstance. */
  private String vmi;
  /** Name and UID of the virt-launcher pod running it on the node. */
  private String launcherPod;
  private String launcherPodUid;
  /** The VMI interface's name (spec.domain.devices.interfaces[].name, e.g. "default"). */
  private String interfaceName;
  /** How it is bound: "bridge" or "masquerade" (the supported bindings). */
  private String binding;
  /** Its MAC and addresses as the VMI status reports them. */
  private String mac;
  private List<String> addresses = new ArrayList<>();
  /** The pod-side interface KubeVirt names in status.interfaces[].podInterfaceName (e.g. "eth0"), when reported. */
  private String podInterfaceName;
  /** Whether the VMI's AgentConnected condition is True (KubeVirt reads the guest agent itself). */
  private boolean guestAgentConnected;
  /** Where {@code addresses} came from: GuestAgent, VmiStatus or LauncherPodIp; Unknown when there are none. */
  private AddressSource addressSource;
  /** The interface's link state as the VMI status reports it (virt-launcher's libvirt): up, down, or null. */
  private String linkState;
  /** The guest's interfaces as its agent reports them through the VMI's status.interfaces, when it does. */
  private List<GuestInterface> guestInterfaces = new ArrayList<>();

  public String getNamespace() { return namespace; }
  public void setNamespace(String namespace) { this.namespace = namespace; }
  public String getVmi() { return vmi; }
  public void setVmi(String vmi) { this.vmi = vmi; }
  public String getLauncherPod() { return launcherPod; }
  public void setLauncherPod(String launcherPod) { this.launcherPod = launcherPod; }
  public String getLauncherPodUid() { return launcherPodUid; }
  public void setLauncherPodUid(String launcherPodUid) { this.launcherPodUid = launcherPodUid; }
  public String getInterfaceName() { return interfaceName; }
  public void setInterfaceName(String interfaceName) { this.interfaceName = interfaceName; }
  public String getBinding() { return binding; }
  public void setBinding(String binding) { this.binding = binding; }
  public String getMac() { return mac; }
  public void setMac(String mac) { this.mac = mac; }
  public List<String> getAddresses() { return addresses; }
  public void setAddresses(List<String> addresses) { this.addresses = addresses; }
  public String getPodInterfaceName() { return podInterfaceName; }
  public void setPodInterfaceName(String podInterfaceName) { this.podInterfaceName = podInterfaceName; }
  public boolean isGuestAgentConnected() { return guestAgentConnected; }
  public void setGuestAgentConnected(boolean guestAgentConnected) { this.guestAgentConnected = guestAgentConnected; }
  public AddressSource getAddressSource() { return addressSource; }
  public void setAddressSource(AddressSource addressSource) { this.addressSource = addressSource; }
  public String getLinkState() { return linkState; }
  public void setLinkState(String linkState) { this.linkState = linkState; }
  public List<GuestInterface> getGuestInterfaces() { return guestInterfaces; }
  public void setGuestInterfaces(List<GuestInterface> guestInterfaces) { this.guestInterfaces = guestInterfaces; }
}
