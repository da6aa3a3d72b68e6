package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one rule concluded, before it is written up: besides the verdict itself, the hops whose
 * <em>silence</em> the conclusion rests on (a capture that dropped packets there voids it) and
 * which sample lines prove it.
 */
record Finding(VerdictReason reason, String location, String summary, List<HopObservation> reliesOnAbsenceAt,
    List<Quote> quotes, List<String> notes) {

  /** Samples of one hop worth quoting: a direction, the kinds wanted, and which of them prove the point. */
  record Quote(HopObservation hop, TrafficDirection direction, Set<PacketKind> kinds, Predicate<PacketSample> which,
      boolean latestFirst) {}

  static final String UNKNOWN = "unknown";

  Finding {
    reliesOnAbsenceAt = List.copyOf(reliesOnAbsenceAt);
    quotes = List.copyOf(quotes);
    notes = List.copyOf(notes);
  }

  static Finding of(VerdictReason reason, String location, String summary, List<HopObservation> reliesOnAbsenceAt) {
    return new Finding(reason, location, summary, reliesOnAbsenceAt, List.of(), List.of());
  }

  Finding quoting(HopObservation hop, TrafficDirection direction, Set<PacketKind> kinds) {
    return quoting(new Quote(hop, direction, kinds, sample -> true, false));
  }

  Finding quoting(Quote quote) {
    List<Quote> more = new ArrayList<>(quotes);
    more.add(quote);
    return new Finding(reason, location, summary, reliesOnAbsenceAt, more, notes);
  }

  Finding noting(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new Finding(reason, location, summary, reliesOnAbsenceAt, quotes, more);
  }
}
