package io.vmnetdiag.operator.status;

import java.util.List;

/** The condition types every NetworkDiagnosis status carries, in stage order. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String RESOLVED = "Resolved";
  public static final String CAPTURED = "Captured";
  public static final String ANALYZED = "Analyzed";

  /** kstatus: True while the operator works on the observed generation (queued, capturing, retrying). */
  public static final String RECONCILING = "Reconciling";
  /** kstatus: True when the observed generation ended without a verdict; nothing more happens until the spec changes. */
  public static final String STALLED = "Stalled";

  /** Always emitted, so tools can rely on every type being present. */
  public static final List<String> ALL = List.of(READY, RESOLVED, CAPTURED, ANALYZED);
  /** kstatus' "abnormal-true" types: present only while True, removed otherwise. */
  public static final List<String> ABNORMAL_TRUE = List.of(RECONCILING, STALLED);

  private ConditionTypes() {
  }
}
