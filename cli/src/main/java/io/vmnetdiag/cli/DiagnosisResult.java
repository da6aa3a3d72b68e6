package io.vmnetdiag.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.v1alpha1.CaptureWindowReport;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;

/**
 * What one diagnosis found, as {@code --json} and {@code --yaml} print it: the same path, hops, probes, window and
 * verdict types a NetworkDiagnosis' status carries, plus the exit code the CLI ends with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"exitCode", "verdict", "path", "window", "probes", "captureStartedAt", "captureEndedAt", "hops", "kernelDrops"})
public record DiagnosisResult(int exitCode, Verdict verdict, ResolvedPath path, CaptureWindowReport window,
    ProbeReport probes, String captureStartedAt, String captureEndedAt, List<HopObservation> hops,
    KernelDrops kernelDrops) {

  /** Healthy: the path on this node works (or its upstream part was not tested). */
  public static final int HEALTHY = 0;
  /** The verdict locates a fault. */
  public static final int FAULT_LOCATED = 1;
  /** The diagnosis could not tell. */
  public static final int INCONCLUSIVE = 2;
  /** Bad input, or nothing could be captured. */
  public static final int ERROR = 3;

  public static DiagnosisResult of(AgentReport report, Verdict verdict) {
    return new DiagnosisResult(exitCode(verdict), verdict, report.getPath(), report.getWindow(), report.getProbes(),
        report.getCaptureStartedAt(), report.getCaptureEndedAt(), report.getHops(), report.getKernelDrops());
  }

  /** 0 healthy (PathHealthy, UpstreamUntested), 1 fault located, 2 inconclusive. */
  public static int exitCode(Verdict verdict) {
    VerdictReason reason = verdict == null ? null : verdict.getReason();
    if (reason == null || !reason.isConclusive()) {
      return INCONCLUSIVE;
    }
    return reason == VerdictReason.PathHealthy || reason == VerdictReason.UpstreamUntested ? HEALTHY : FAULT_LOCATED;
  }
}
