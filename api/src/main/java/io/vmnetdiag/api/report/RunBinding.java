package io.vmnetdiag.api.report;

import java.util.Objects;

/**
 * Binds a capture run to the diagnosis that asked for it: the operator puts it in the request, the agent echoes
 * it in its report unchanged, and the operator accepts a report only when it echoes the run it started.
 */
public class RunBinding {
  /** Random per run: a report of an earlier run, or one made up without it, does not carry it. */
  private String nonce;
  private String diagnosisUid;
  private long generation;

  public RunBinding() {
  }

  public RunBinding(String nonce, String diagnosisUid, long generation) {
    this.nonce = nonce;
    this.diagnosisUid = diagnosisUid;
    this.generation = generation;
  }

  public String getNonce() { return nonce; }
  public void setNonce(String nonce) { this.nonce = nonce; }
  public String getDiagnosisUid() { return diagnosisUid; }
  public void setDiagnosisUid(String diagnosisUid) { this.diagnosisUid = diagnosisUid; }
  public long getGeneration() { return generation; }
  public void setGeneration(long generation) { this.generation = generation; }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunBinding other && Objects.equals(nonce, other.nonce)
        && Objects.equals(diagnosisUid, other.diagnosisUid) && generation == other.generation;
  }

  @Override
  public int hashCode() {
    return Objects.hash(nonce, diagnosisUid, generation);
  }

  @Override
  public String toString() {
    return "run of diagnosis " + diagnosisUid + " generation " + generation;
  }
}
