package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A qdisc on a hop's device whose drop counter grew during the window. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QdiscDrop {
  @JsonPropertyDescription("The qdisc's kind: fq_codel, netem, tbf, htb, ingress, ...")
  private String kind;

  @JsonPropertyDescription("Its handle as tc prints it (\"1:\").")
  private String handle;

  @JsonPropertyDescription("Its parent as tc prints it (\"root\", \"1:1\").")
  private String parent;

  @JsonPropertyDescription("Packets it dropped during the window.")
  private long drops;

  @JsonPropertyDescription("Times it was over its limit during the window (shaping, policing).")
  private long overlimits;

  public QdiscDrop() {
  }

  public QdiscDrop(String kind, String handle, String parent, long drops, long overlimits) {
    this.kind = kind;
    this.handle = handle;
    this.parent = parent;
    this.drops = drops;
    this.overlimits = overlimits;
  }

  public String getKind() { return kind; }
  public void setKind(String kind) { this.kind = kind; }
  public String getHandle() { return handle; }
  public void setHandle(String handle) { this.handle = handle; }
  public String getParent() { return parent; }
  public void setParent(String parent) { this.parent = parent; }
  public long getDrops() { return drops; }
  public void setDrops(long drops) { this.drops = drops; }
  public long getOverlimits() { return overlimits; }
  public void setOverlimits(long overlimits) { this.overlimits = overlimits; }

  @Override
  public String toString() {
    return kind + " " + handle + " parent " + parent + ": " + drops + " drops";
  }
}
