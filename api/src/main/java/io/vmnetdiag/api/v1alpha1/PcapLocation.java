package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a diagnosis' pcap files are kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PcapLocation {
  @JsonPropertyDescription("The node that holds the files.")
  private String node;

  @JsonPropertyDescription("Directory on the node (a hostPath) that holds one file ring per hop; see the README for how to fetch them.")
  private String directory;

  public PcapLocation() {
  }

  public PcapLocation(String node, String directory) {
    this.node = node;
    this.directory = directory;
  }

  public String getNode() { return node; }
  public void setNode(String node) { this.node = node; }
  public String getDirectory() { return directory; }
  public void setDirectory(String directory) { this.directory = directory; }
}
