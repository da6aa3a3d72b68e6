package io.vmnetdiag.api.report;

/** Why the agent could not do its job: a CamelCase reason and a message for a person. */
public class AgentFailure {
  /** Reasons the agent reports. */
  public static final String DOMAIN_NOT_FOUND = "DomainNotFound";
  public static final String LIBVIRT_UNAVAILABLE = "LibvirtUnavailable";
  public static final String PATH_UNRESOLVED = "PathUnresolved";
  public static final String BAD_REQUEST = "BadRequest";
  public static final String CAPTURE_FAILED = "CaptureFailed";
  /** The domain exists but is not running (shut off, crashed, shutting down): it has no devices on the node. */
  public static final String DOMAIN_NOT_RUNNING = "DomainNotRunning";
  /** The domain is paused: its NICs exist but the guest runs no code, so nothing can answer. */
  public static final String DOMAIN_PAUSED = "DomainPaused";
  /** The domain has no network interface at all. */
  public static final String NO_NETWORK_INTERFACE = "NoNetworkInterface";
  /** spec.target.libvirt.interface names no NIC of the domain; the message lists them. */
  public static final String INTERFACE_NOT_FOUND = "InterfaceNotFound";
  /** Several NICs, none named and none known to hold the requested address; the message lists them. */
  public static final String INTERFACE_AMBIGUOUS = "InterfaceAmbiguous";
  /** The chosen NIC is of a type the agent cannot trace (direct/macvtap, vhostuser, hostdev, ...). */
  public static final String INTERFACE_TYPE_NOT_SUPPORTED = "InterfaceTypeNotSupported";
  /** KubeVirt: no process of the node is in the virt-launcher pod's cgroup, so its network namespace is unknown. */
  public static final String LAUNCHER_POD_NOT_FOUND = "LauncherPodNotFound";
  /** KubeVirt: the binding's devices are missing from the virt-launcher pod's namespace. */
  public static final String POD_INTERFACE_NOT_FOUND = "PodInterfaceNotFound";
  /** The DiagnosisPolicy grant requires an owner tag the domain's libvirt metadata does not carry. */
  public static final String DOMAIN_NOT_OWNED = DomainOwnerTag.NOT_OWNED;

  private String reason;
  private String message;

  public AgentFailure() {
  }

  public AgentFailure(String reason, String message) {
    this.reason = reason;
    this.message = message;
  }

  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
}
