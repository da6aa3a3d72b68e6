package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The active probes the agent sent towards the VM, if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProbeReport {
  @JsonPropertyDescription("Whether probes were sent.")
  private boolean sent;

  @JsonPropertyDescription("Why probes were or were not sent.")
  private String reason;

  @JsonPropertyDescription("The node-side address and interface the probes came from.")
  private String source;

  @JsonPropertyDescription("What was sent, such as '3 ARP who-has 10.0.0.5'.")
  private List<String> probes = new ArrayList<>();

  @JsonPropertyDescription("Each echo and SYN probe followed by its identity: the hops that saw it and the hops that saw its answer. 'Seen at bridge and tap, no answer' places the loss.")
  private List<ProbeTrace> traces = new ArrayList<>();

  public ProbeReport() {
  }

  public boolean isSent() { return sent; }
  public void setSent(boolean sent) { this.sent = sent; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public List<ProbeTrace> getTraces() { return traces; }
  public void setTraces(List<ProbeTrace> traces) { this.traces = traces; }
  public List<String> getProbes() { return probes; }
  public void setProbes(List<String> probes) { this.probes = probes; }
}
