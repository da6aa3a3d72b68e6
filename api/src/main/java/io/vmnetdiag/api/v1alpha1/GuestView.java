package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest's own view of its network, read through its guest agent at the start and the end of the capture
 * window; or why there is none. Never guessed: without an answer from the agent, {@code interfaces} is empty and
 * {@code absent} says why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GuestView {
  /** Where a guest view comes from. */
  public static final String GUEST_AGENT = "GuestAgent";
  /** The guest agent's view as KubeVirt reports it in the VMI's status.interfaces (infoSource guest-agent). */
  public static final String KUBEVIRT_GUEST_AGENT = "KubevirtGuestAgent";
  /** Why there is none. */
  public static final String NO_AGENT = "NoAgent";
  public static final String AGENT_NOT_ANSWERING = "AgentNotAnswering";
  public static final String TEST_DRIVER = "TestDriver";
  public static final String NOT_ASKED = "NotAsked";

  @JsonPropertyDescription("Where the view came from: GuestAgent (qemu-ga's guest-network-get-interfaces, asked"
      + " through libvirt's read-write socket), KubevirtGuestAgent (the guest agent's interfaces as KubeVirt reports"
      + " them in the VMI's status.interfaces, read by the operator when it resolved the VMI: names, MACs, addresses,"
      + " no counters), or absent when there is none.")
  private String source;

  @JsonPropertyDescription("Why there is no guest view: NoAgent (the domain has no guest-agent channel or the agent"
      + " is not connected), AgentNotAnswering (it did not answer in time or failed), TestDriver (libvirt's test"
      + " driver makes its answers up) or NotAsked; with the agent's or libvirt's words.")
  private String absent;

  @JsonPropertyDescription("The agent's or libvirt's own words when the view is absent or only half there.")
  private String message;

  @JsonPropertyDescription("When the agent was asked at the start and at the end of the window (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the agent was asked at the end of the window (RFC 3339).")
  private String endedAt;

  @JsonPropertyDescription("The guest's interfaces as its agent reports them.")
  private List<GuestInterface> interfaces = new ArrayList<>();

  public static GuestView absent(String why, String message) {
    GuestView view = new GuestView();
    view.setAbsent(why);
    view.setMessage(message);
    return view;
  }

  /** The interface whose MAC is {@code mac} (case-insensitive), if the agent reported it. */
  public java.util.Optional<GuestInterface> byMac(String mac) {
    if (mac == null) {
      return java.util.Optional.empty();
    }
    return interfaces.stream().filter(nic -> mac.equalsIgnoreCase(nic.getMac())).findFirst();
  }

  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public String getAbsent() { return absent; }
  public void setAbsent(String absent) { this.absent = absent; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getStartedAt() { return startedAt; }
  public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
  public String getEndedAt() { return endedAt; }
  public void setEndedAt(String endedAt) { this.endedAt = endedAt; }
  public List<GuestInterface> getInterfaces() { return interfaces; }
  public void setInterfaces(List<GuestInterface> interfaces) { this.interfaces = interfaces; }
}
