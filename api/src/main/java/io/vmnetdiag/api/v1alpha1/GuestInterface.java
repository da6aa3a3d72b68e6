package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One of the guest's interfaces, as its guest agent reports it, at the start and the end of the window. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GuestInterface {
  @JsonPropertyDescription("The guest's name for the interface (eth0, ens3, lo).")
  private String name;

  @JsonPropertyDescription("Its MAC address, lower case; the traced NIC is the one whose MAC is path.vmMac.")
  private String mac;

  @JsonPropertyDescription("Whether the guest holds the interface up at the end of the window; unset when the agent"
      + " does not say. The guest agent reports no link flag, so this is inferred: an interface the guest set"
      + " administratively down keeps no addresses and its counters stand still.")
  private Boolean up;

  @JsonPropertyDescription("Its IPv4 and IPv6 addresses with prefix length (10.0.0.5/24), at the end of the window.")
  private List<String> addresses = new ArrayList<>();

  @JsonPropertyDescription("Its counters when the window started.")
  private GuestCounters start;

  @JsonPropertyDescription("Its counters when the window ended.")
  private GuestCounters end;

  public GuestInterface() {
  }

  public GuestInterface(String name, String mac) {
    this.name = name;
    this.mac = mac;
  }

  /** The end counters less the start counters, or null when either is missing. */
  @JsonIgnore
  public GuestCounters delta() {
    return start == null || end == null ? null : end.minus(start);
  }

  /** True when it has an IPv4 address. */
  @JsonIgnore
  public boolean hasIpv4() {
    return addresses.stream().anyMatch(address -> !address.contains(":"));
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getMac() { return mac; }
  public void setMac(String mac) { this.mac = mac; }
  public Boolean getUp() { return up; }
  public void setUp(Boolean up) { this.up = up; }
  public List<String> getAddresses() { return addresses; }
  public void setAddresses(List<String> addresses) { this.addresses = addresses; }
  public GuestCounters getStart() { return start; }
  public void setStart(GuestCounters start) { this.start = start; }
  public GuestCounters getEnd() { return end; }
  public void setEnd(GuestCounters end) { this.end = end; }
}
