package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One probe followed along the path by its identity, and its answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProbeTrace {
  @JsonPropertyDescription("The probe by its identity, such as 'ICMP echo request id 4660 seq 3' or 'TCP SYN 61234 > 22'.")
  private String probe;

  @JsonPropertyDescription("The hops that captured the probe, outside in, such as 'bridge br0'.")
  private List<String> seenAt = new ArrayList<>();

  @JsonPropertyDescription("What answers it (echo reply; SYN-ACK or RST).")
  private String answer;

  @JsonPropertyDescription("The hops that captured the VM's answer; empty when none answered.")
  private List<String> answeredAt = new ArrayList<>();

  public ProbeTrace() {
  }

  public ProbeTrace(String probe, List<String> seenAt, String answer, List<String> answeredAt) {
    this.probe = probe;
    this.seenAt = new ArrayList<>(seenAt);
    this.answer = answer;
    this.answeredAt = new ArrayList<>(answeredAt);
  }

  public String getProbe() { return probe; }
  public void setProbe(String probe) { this.probe = probe; }
  public List<String> getSeenAt() { return seenAt; }
  public void setSeenAt(List<String> seenAt) { this.seenAt = seenAt; }
  public String getAnswer() { return answer; }
  public void setAnswer(String answer) { this.answer = answer; }
  public List<String> getAnsweredAt() { return answeredAt; }
  public void setAnsweredAt(List<String> answeredAt) { this.answeredAt = answeredAt; }
}
