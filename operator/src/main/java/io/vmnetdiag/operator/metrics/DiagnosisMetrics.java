package io.vmnetdiag.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.operator.status.StatusObserver;
import java.time.Duration;

/**
 * The project's own meters, fed by the statuses the operator writes. Labels take values from fixed vocabularies
 * only (verdict reasons, hop-role locations, condition reasons, kernel drop reasons), never a diagnosis' name.
 */
public final class DiagnosisMetrics implements StatusObserver {
  public static final String VERDICTS = "vmnetdiag.verdicts";
  public static final String FAILURES = "vmnetdiag.diagnosis.failures";
  public static final String DURATION = "vmnetdiag.diagnosis.duration";
  public static final String WINDOW = "vmnetdiag.capture.window";
  public static final String KERNEL_DROPS = "vmnetdiag.kernel.drops";
  /** Location of a verdict that names none (the path is healthy). */
  static final String NO_LOCATION = "none";

  private final MeterRegistry registry;

  public DiagnosisMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void statusWritten(NetworkDiagnosis diagnosis, NetworkDiagnosisStatus previous,
      NetworkDiagnosisStatus written) {
    FinishedDiagnosis.of(diagnosis, previous, written).ifPresent(this::record);
  }

  void record(FinishedDiagnosis finished) {
    String outcome = finished.verdict().isPresent() ? "verdict" : "failure";
    if (finished.verdict().isPresent()) {
      Verdict verdict = finished.verdict().get();
      Counter.builder(VERDICTS).description("Diagnoses that reached a verdict, by verdict reason and location")
          .tag("reason", String.valueOf(verdict.getReason()))
          .tag("location", verdict.getLocation() == null || verdict.getLocation().isBlank()
              ? NO_LOCATION : verdict.getLocation())
          .register(registry).increment();
    } else {
      Counter.builder(FAILURES).description("Diagnoses that ended without a verdict, by the Ready condition's reason")
          .tag("reason", finished.readyReason()).register(registry).increment();
    }
    Timer.builder(DURATION).description("From a diagnosis' creation to its final status")
        .tag("outcome", outcome)
        .serviceLevelObjectives(seconds(1), seconds(5), seconds(15), seconds(30), seconds(60), seconds(120),
            seconds(300), seconds(600), seconds(1800))
        .register(registry).record(finished.sinceCreation());
    finished.windowUsed().ifPresent(window -> Timer.builder(WINDOW)
        .description("How long capture windows ran (ended_early: closed on conclusive evidence)")
        .tag("ended_early", String.valueOf(finished.windowEndedEarly()))
        .serviceLevelObjectives(seconds(1), seconds(2), seconds(5), seconds(10), seconds(15), seconds(30),
            seconds(60), seconds(120), seconds(300))
        .register(registry).record(window));
    for (FinishedDiagnosis.KernelDrop drop : finished.kernelDrops()) {
      Counter.builder(KERNEL_DROPS)
          .description("Packets the kernel dropped during capture windows, by skb drop reason; attributed: tied to a hop")
          .tag("reason", drop.reason()).tag("attributed", String.valueOf(drop.attributed()))
          .register(registry).increment(drop.count());
    }
  }

  private static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
