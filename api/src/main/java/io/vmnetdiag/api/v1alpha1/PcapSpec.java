package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Optional pcap files per hop, kept on the node for tcpdump or Wireshark. */
public class PcapSpec {
  public static final int DEFAULT_MAX_FILE_MEGABYTES = 8;
  public static final int DEFAULT_MAX_FILES = 4;

  @Default("false")
  @JsonPropertyDescription("Write pcap files for every hop (snap length as in capture.snapLength).")
  private Boolean enabled = false;

  @Default("8")
  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Size of one pcap file in MiB before the ring moves to the next file; 1 to 64.")
  private Integer maxFileMegabytes = DEFAULT_MAX_FILE_MEGABYTES;

  @Default("4")
  @Min(1)
  @Max(16)
  @JsonPropertyDescription("Files kept per hop: the oldest is overwritten when the ring is full; 1 to 16.")
  private Integer maxFiles = DEFAULT_MAX_FILES;

  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
  public Integer getMaxFileMegabytes() { return maxFileMegabytes; }
  public void setMaxFileMegabytes(Integer maxFileMegabytes) { this.maxFileMegabytes = maxFileMegabytes; }
  public Integer getMaxFiles() { return maxFiles; }
  public void setMaxFiles(Integer maxFiles) { this.maxFiles = maxFiles; }
}
