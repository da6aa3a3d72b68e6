package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** pcap export a grant allows: files on the node's disk holding the VM's packets. */
public class PcapGrant {
  public static final int DEFAULT_MAX_RING_MEGABYTES = PcapSpec.DEFAULT_MAX_FILE_MEGABYTES * PcapSpec.DEFAULT_MAX_FILES;

  @Default("Disabled")
  @JsonPropertyDescription("Disabled (default): capture.pcap.enabled: true is refused. Allowed: pcap files up to"
      + " maxRingMegabytes per hop.")
  private CapabilityMode mode = CapabilityMode.Disabled;

  @Default("32")
  @Min(1)
  @Max(1024)
  @JsonPropertyDescription("Most MiB one hop's pcap ring may hold: capture.pcap.maxFileMegabytes times maxFiles.")
  private Integer maxRingMegabytes = DEFAULT_MAX_RING_MEGABYTES;

  public CapabilityMode getMode() { return mode; }
  public void setMode(CapabilityMode mode) { this.mode = mode; }
  public Integer getMaxRingMegabytes() { return maxRingMegabytes; }
  public void setMaxRingMegabytes(Integer maxRingMegabytes) { this.maxRingMegabytes = maxRingMegabytes; }
}
