package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What one hop saw during the capture window. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HopObservation {
  @JsonPropertyDescription("The hop's role on the path.")
  private HopRole role;

  @JsonPropertyDescription("The interface captured.")
  private String interfaceName;

  @JsonPropertyDescription("Packets travelling towards the VM, by kind.")
  private TrafficCounts toVm = new TrafficCounts();

  @JsonPropertyDescription("Packets sent by the VM, by kind.")
  private TrafficCounts fromVm = new TrafficCounts();

  @JsonPropertyDescription("The capture's own statistics: packets the kernel dropped were not seen, so they say nothing about the network.")
  private CaptureStats capture = new CaptureStats();

  @JsonPropertyDescription("A few packets as tcpdump prints them (first and last of the window).")
  private List<String> samples = new ArrayList<>();

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
  public CaptureStats getCapture() { return capture; }
  public void setCapture(CaptureStats capture) { this.capture = capture; }
  public List<String> getSamples() { return samples; }
  public void setSamples(List<String> samples) { this.samples = samples; }
  public String getFailure() { return failure; }
  public void setFailure(String failure) { this.failure = failure; }
}
