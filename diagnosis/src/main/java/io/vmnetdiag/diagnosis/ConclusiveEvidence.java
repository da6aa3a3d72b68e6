package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import java.util.List;
import java.util.Optional;

/**
 * Whether what the VM's tap has shown so far already proves a fault, so the capture need not wait for the end of
 * its window. Only a positive proof qualifies: the guest asking again for a neighbour whose answer the tap handed it,
 * while answering none of the requests handed to it (the seed's case). Absences never end a window early: more
 * time could still bring the missing packet. A healthy path gets its whole window.
 */
public final class ConclusiveEvidence {
  /** Requests handed to the guest, unanswered, before their silence counts. */
  static final int MIN_UNANSWERED_REQUESTS = 3;

  private ConclusiveEvidence() {
  }

  /** What is already proven at the tap, in words for the status; empty while it is not. */
  public static Optional<String> atTap(HopObservation tapSoFar) {
    if (tapSoFar == null || tapSoFar.getToVm() == null || tapSoFar.getFromVm() == null
        || tapSoFar.getNeighborLookups() == null) {
      return Optional.empty();
    }
    List<NeighborLookup> askedAgain = Lookups.askedAgainAfterAnswer(tapSoFar);
    long asked = Conversation.askedAt(tapSoFar);
    if (askedAgain.isEmpty() || asked < MIN_UNANSWERED_REQUESTS || Conversation.answeredAt(tapSoFar) > 0) {
      return Optional.empty();
    }
    return Optional.of("at " + PathView.label(tapSoFar) + " the guest kept asking for " + Lookups.describe(askedAgain)
        + " and answered none of the " + asked + " requests handed to it");
  }
}
