package io.vmnetdiag.operator.metrics;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.operator.status.ConditionTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A written status that ends its generation, as the metrics count it: read from the status alone, so any way the
 * reconciler reaches an end is counted the same.
 *
 * @param readyReason the Ready condition's reason: Diagnosed, or the cause of the failure
 * @param verdict the verdict when there is one
 * @param sinceCreation from the diagnosis' creation to its completion time
 * @param windowUsed how long the capture window ran, when one ran
 * @param windowEndedEarly whether the agent closed the window early on conclusive evidence
 * @param kernelDrops the kernel's drop counts in the status, attributed to a hop or not
 */
public record FinishedDiagnosis(String readyReason, Optional<Verdict> verdict, Duration sinceCreation,
    Optional<Duration> windowUsed, boolean windowEndedEarly, List<KernelDrop> kernelDrops) {

  /** One count of the kernel's drop reasons (skb_drop_reason, a fixed vocabulary). */
  public record KernelDrop(String reason, boolean attributed, long count) {
  }

  /** The ending this write made, or empty when the status is not final or its generation had already ended. */
  public static Optional<FinishedDiagnosis> of(NetworkDiagnosis diagnosis, NetworkDiagnosisStatus previous,
      NetworkDiagnosisStatus written) {
    if (written.getCompletionTime() == null || endedBefore(previous, written)) {
      return Optional.empty();
    }
    String readyReason = written.getConditions().stream().filter(c -> ConditionTypes.READY.equals(c.getType()))
        .map(DiagnosisCondition::getReason).findFirst().orElse("Unknown");
    Instant completed = Instant.parse(written.getCompletionTime());
    Instant created = Instant.parse(diagnosis.getMetadata().getCreationTimestamp());
    // The API server's clock stamps creation, the operator's completion: skew must not make it negative.
    Duration sinceCreation = created.isAfter(completed) ? Duration.ZERO : Duration.between(created, completed);
    Optional<Duration> window = Optional.ofNullable(written.getWindow())
        .filter(w -> w.getStart() != null && w.getEnd() != null)
        .map(w -> Duration.between(Instant.parse(w.getStart()), Instant.parse(w.getEnd())))
        .filter(d -> !d.isNegative());
    boolean endedEarly = written.getWindow() != null && written.getWindow().isEndedEarly();
    return Optional.of(new FinishedDiagnosis(readyReason, Optional.ofNullable(written.getVerdict()), sinceCreation,
        window, endedEarly, kernelDrops(written)));
  }

  /** Whether the previous status had already ended the generation the written one is for. */
  private static boolean endedBefore(NetworkDiagnosisStatus previous, NetworkDiagnosisStatus written) {
    return previous != null && previous.getCompletionTime() != null
        && Objects.equals(previous.getObservedGeneration(), written.getObservedGeneration());
  }

  private static List<KernelDrop> kernelDrops(NetworkDiagnosisStatus status) {
    List<KernelDrop> drops = new ArrayList<>();
    for (HopObservation hop : status.getHops()) {
      for (DropReasonCount count : hop.getDropReasons()) {
        drops.add(new KernelDrop(count.getReason(), true, count.getCount()));
      }
    }
    if (status.getKernelDrops() != null) {
      for (DropReasonCount count : status.getKernelDrops().getUnattributed()) {
        drops.add(new KernelDrop(count.getReason(), false, count.getCount()));
      }
    }
    return List.copyOf(drops);
  }
}
