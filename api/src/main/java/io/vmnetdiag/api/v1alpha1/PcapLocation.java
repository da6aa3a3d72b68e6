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

  @JsonPropertyDescription("Older runs' directories on the node removed before this capture wrote (past the retention,"
      + " or the oldest, to keep the node under its pcap limit).")
  private Integer prunedRuns;

  @JsonPropertyDescription("Bytes of pcap files those removed runs held.")
  private Long prunedBytes;

  @JsonPropertyDescription("Why no pcap files were written although the spec asked for them; absent when they were.")
  private String notWritten;

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
  public Integer getPrunedRuns() { return prunedRuns; }
  public void setPrunedRuns(Integer prunedRuns) { this.prunedRuns = prunedRuns; }
  public Long getPrunedBytes() { return prunedBytes; }
  public void setPrunedBytes(Long prunedBytes) { this.prunedBytes = prunedBytes; }
  public String getNotWritten() { return notWritten; }
  public void setNotWritten(String notWritten) { this.notWritten = notWritten; }
}
