package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The capture window and what to focus on. */
public class CaptureSpec {
  public static final String DEFAULT_DURATION = "10s";
  /** Whole seconds such as 10s; the schema and the operator's own check share it. */
  public static final String DURATION_PATTERN = "^[0-9]{1,4}s$";
  public static final int DEFAULT_SNAP_LENGTH = 96;
  /** The window's limits in seconds; the schema's rule, the operator's check and the CLI share them. */
  public static final int MIN_DURATION_SECONDS = 1;
  public static final int MAX_DURATION_SECONDS = 300;
  /** Most peers or ports one capture focuses on. */
  public static final int MAX_FOCUS = 16;

  @Default(DEFAULT_DURATION)
  @Pattern(DURATION_PATTERN)
  @ValidationRule(value = "!self.matches('^[0-9]+s$') || (duration(self) >= duration('1s') && duration(self) <= duration('300s'))",
      message = "capture.duration must be between 1s and 300s")
  @JsonPropertyDescription("How long every hop is captured at once, in seconds such as 10s; between 1s and 300s.")
  private String duration = DEFAULT_DURATION;

  @Default("96")
  @Min(64)
  @Max(65535)
  @JsonPropertyDescription("Bytes kept of each packet; the default 96 keeps headers only.")
  private Integer snapLength = DEFAULT_SNAP_LENGTH;

  @Size(max = 16)
  @JsonPropertyDescription("Only count traffic with these peer IP addresses (at most 16). Empty: all peers.")
  private List<String> peers = new ArrayList<>();

  @Size(max = 16)
  @ValidationRule(value = "self.all(p, p >= 1 && p <= 65535)", message = "capture.ports must be between 1 and 65535")
  @JsonPropertyDescription("Only count TCP/UDP traffic on these VM ports (at most 16). Empty: all ports.")
  private List<Integer> ports = new ArrayList<>();

  @Default("WhenConclusive")
  @JsonPropertyDescription("When the window closes. WhenConclusive (default): as soon as the evidence proves the fault and has held for a second (a wedged guest in about two seconds); a healthy path gets its whole window. AtWindowEnd: always the whole window, for example to keep full pcap files.")
  private CaptureStop stop = CaptureStop.WhenConclusive;

  @JsonPropertyDescription("Active probes towards the VM, so an idle VM can be diagnosed too.")
  private ProbeSpec probes = new ProbeSpec();

  @JsonPropertyDescription("Optional pcap files per hop, kept on the node.")
  private PcapSpec pcap = new PcapSpec();

  /** Seconds of a duration such as 10s (null: the default); -1 when it does not match {@link #DURATION_PATTERN}. */
  public static int seconds(String duration) {
    String d = duration == null ? DEFAULT_DURATION : duration;
    return d.matches(DURATION_PATTERN) ? Integer.parseInt(d.substring(0, d.length() - 1)) : -1;
  }

  public String getDuration() { return duration; }
  public void setDuration(String duration) { this.duration = duration; }
  public Integer getSnapLength() { return snapLength; }
  public void setSnapLength(Integer snapLength) { this.snapLength = snapLength; }
  public List<String> getPeers() { return peers; }
  public void setPeers(List<String> peers) { this.peers = peers; }
  public List<Integer> getPorts() { return ports; }
  public void setPorts(List<Integer> ports) { this.ports = ports; }
  public CaptureStop getStop() { return stop; }
  public void setStop(CaptureStop stop) { this.stop = stop; }
  public ProbeSpec getProbes() { return probes; }
  public void setProbes(ProbeSpec probes) { this.probes = probes; }
  public PcapSpec getPcap() { return pcap; }
  public void setPcap(PcapSpec pcap) { this.pcap = pcap; }
}
