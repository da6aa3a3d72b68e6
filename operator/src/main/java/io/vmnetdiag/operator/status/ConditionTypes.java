package io.vmnetdiag.operator.status;

import java.util.List;

/** The condition types every NetworkDiagnosis status carries, in stage order. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String RESOLVED = "Resolved";
  public static final String CAPTURED = "Captured";
  public static final String ANALYZED = "Analyzed";

  /** Always emitted, so tools can rely on every type being present. */
  public static final List<String> ALL = List.of(READY, RESOLVED, CAPTURED, ANALYZED);

  private ConditionTypes() {
  }
}
