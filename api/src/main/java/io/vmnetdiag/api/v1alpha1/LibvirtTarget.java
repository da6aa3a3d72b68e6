package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A libvirt domain on a node. */
public class LibvirtTarget {
  /** The node's system QEMU driver: the libvirt URI when the administrator configures none. */
  public static final String DEFAULT_URI = "qemu:///system";
  /** A Kubernetes object name (DNS subdomain); the schema and the operator's own check share it. */
  public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  /**
   * A libvirt URI on the local node only (the agent connects from the VM's node): qemu:///system, qemu+unix:///
   * with a socket, or the test driver for labs. The administrator sets it (operator setting, CLI --connect).
   */
  public static final String LOCAL_URI_PATTERN = "^(qemu|qemu\\+unix|test):///[^\\s]*$";
  /**
   * One NIC of the domain: its MAC address (any case) or its backend device name on the node (a kernel device
   * name: 1 to 15 characters, no slash, colon or whitespace). The two never overlap: a device name has no colon.
   */
  public static final String INTERFACE_PATTERN = "^(([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}|[^/:\\s]{1,15})$";

  @Required
  @Size(min = 1, max = 253)
  @Pattern(NAME_PATTERN)
  @JsonPropertyDescription("Name of the Kubernetes node that runs the domain; the capture pod is scheduled there.")
  private String node;

  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Name of the libvirt domain, as virsh list shows it.")
  private String domain;

  @JsonPropertyDescription("The VM's IP address, when known. Otherwise it is learned from the guest agent or the node's neighbour table.")
  private String address;

  @JsonProperty("interface")
  @Pattern(INTERFACE_PATTERN)
  @JsonPropertyDescription("The NIC to diagnose when the domain has several: its MAC address (as in the domain XML's"
      + " <mac address>, any case) or its backend device on the node (<target dev>, such as vnet3). Optional with one"
      + " NIC; with several and none named, the agent takes the one NIC known to hold spec.target.libvirt.address"
      + " (guest agent or neighbour table) and otherwise refuses, listing the NICs.")
  private String interfaceName;

  public String getNode() { return node; }
  public void setNode(String node) { this.node = node; }
  public String getDomain() { return domain; }
  public void setDomain(String domain) { this.domain = domain; }
  public String getAddress() { return address; }
  public void setAddress(String address) { this.address = address; }
  public String getInterfaceName() { return interfaceName; }
  public void setInterfaceName(String interfaceName) { this.interfaceName = interfaceName; }
}
