package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The capture window as it ran: planned, actual, and why it ended before its time if it did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaptureWindowReport {
  @JsonPropertyDescription("When every hop started counting (RFC 3339).")
  private String start;

  @JsonPropertyDescription("When the window closed (RFC 3339).")
  private String end;

  @JsonPropertyDescription("Seconds the window ran, to a tenth: from start to end.")
  private Double usedSeconds;

  @JsonPropertyDescription("The window asked for, in seconds (spec.capture.duration).")
  private int plannedSeconds;

  @JsonPropertyDescription("True when the agent closed the window early because the evidence was already conclusive.")
  private boolean endedEarly;

  @JsonPropertyDescription("Why the window ended early: the evidence that was conclusive and how long it held.")
  private String reason;

  public String getStart() { return start; }
  public void setStart(String start) { this.start = start; }
  public String getEnd() { return end; }
  public void setEnd(String end) { this.end = end; }
  public Double getUsedSeconds() { return usedSeconds; }
  public void setUsedSeconds(Double usedSeconds) { this.usedSeconds = usedSeconds; }
  public int getPlannedSeconds() { return plannedSeconds; }
  public void setPlannedSeconds(int plannedSeconds) { this.plannedSeconds = plannedSeconds; }
  public boolean isEndedEarly() { return endedEarly; }
  public void setEndedEarly(boolean endedEarly) { this.endedEarly = endedEarly; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
}
