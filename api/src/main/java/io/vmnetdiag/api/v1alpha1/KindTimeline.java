package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** When one kind of packet was first and last seen at a hop. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KindTimeline {
  @JsonPropertyDescription("ToVm or FromVm.")
  private String direction;

  @JsonPropertyDescription("The packet kind.")
  private PacketKind kind;

  @JsonPropertyDescription("Timestamp of the first such packet (RFC 3339, microseconds).")
  private String first;

  @JsonPropertyDescription("Timestamp of the last such packet (RFC 3339, microseconds).")
  private String last;

  public KindTimeline() {
  }

  public KindTimeline(String direction, PacketKind kind, String first, String last) {
    this.direction = direction;
    this.kind = kind;
    this.first = first;
    this.last = last;
  }

  public String getDirection() { return direction; }
  public void setDirection(String direction) { this.direction = direction; }
  public PacketKind getKind() { return kind; }
  public void setKind(PacketKind kind) { this.kind = kind; }
  public String getFirst() { return first; }
  public void setFirst(String first) { this.first = first; }
  public String getLast() { return last; }
  public void setLast(String last) { this.last = last; }
}
