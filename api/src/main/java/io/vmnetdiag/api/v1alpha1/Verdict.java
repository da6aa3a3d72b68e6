package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where packets are lost, why, and the evidence. */
public class Verdict {
  @JsonPropertyDescription("Why, as one CamelCase word: NoTrafficObserved, LostUpstreamOfHost, LostInsideHost, GuestNotResponding, GuestNotProcessingReceive, GuestInterfaceDown, HostLinkDown, LostOnEgress, UpstreamUntested, PathHealthy, CaptureIncomplete, AddressMismatch.")
  private VerdictReason reason;

  @JsonPropertyDescription("The hop or segment where packets are lost, such as guest, tap->guest, upstream or uplink->tap; none when the path is healthy.")
  private String location;

  @JsonPropertyDescription("One sentence for a person.")
  private String summary;

  @JsonPropertyDescription("The observations behind the verdict, with tcpdump-style packet lines.")
  private List<String> evidence = new ArrayList<>();

  public Verdict() {
  }

  public Verdict(VerdictReason reason, String location, String summary, List<String> evidence) {
    this.reason = reason;
    this.location = location;
    this.summary = summary;
    this.evidence = new ArrayList<>(evidence);
  }

  public VerdictReason getReason() { return reason; }
  public void setReason(VerdictReason reason) { this.reason = reason; }
  public String getLocation() { return location; }
  public void setLocation(String location) { this.location = location; }
  public String getSummary() { return summary; }
  public void setSummary(String summary) { this.summary = summary; }
  public List<String> getEvidence() { return evidence; }
  public void setEvidence(List<String> evidence) { this.evidence = evidence; }
}
