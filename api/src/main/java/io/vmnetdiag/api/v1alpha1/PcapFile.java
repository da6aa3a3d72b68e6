package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A pcap file written for one hop. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PcapFile {
  @JsonPropertyDescription("File name inside the diagnosis' capture directory on the node.")
  private String name;

  @JsonPropertyDescription("File size in bytes.")
  private long bytes;

  public PcapFile() {
  }

  public PcapFile(String name, long bytes) {
    this.name = name;
    this.bytes = bytes;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public long getBytes() { return bytes; }
  public void setBytes(long bytes) { this.bytes = bytes; }
}
