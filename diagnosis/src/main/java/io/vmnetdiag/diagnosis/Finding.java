package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one rule concluded, before it is written up: besides the verdict itself, the hops whose
 * <em>silence</em> the conclusion rests on (a capture that dropped packets there voids it) and
 * which sample lines prove it.
 */
record Finding(VerdictReason reason, String location, String summary, List<HopObservation> reliesOnAbsenceAt,
    List<Quote> quotes, List<String> notes) {

  /** Sample lines of one hop worth quoting: a direction and the kinds wanted. */
  record Quote(HopObservation hop, SampleLine.Direction direction, Set<PacketKind> kinds) {}

  static final String UNKNOWN = "unknown";

  Finding {
    reliesOnAbsenceAt = List.copyOf(reliesOnAbsenceAt);
    quotes = List.copyOf(quotes);
    notes = List.copyOf(notes);
  }

  static Finding of(VerdictReason reason, String location, String summary, List<HopObservation> reliesOnAbsenceAt) {
    return new Finding(reason, location, summary, reliesOnAbsenceAt, List.of(), List.of());
  }

  Finding quoting(HopObservation hop, SampleLine.Direction direction, Set<PacketKind> kinds) {
    List<Quote> more = new ArrayList<>(quotes);
    more.add(new Quote(hop, direction, kinds));
    return new Finding(reason, location, summary, reliesOnAbsenceAt, more, notes);
  }

  Finding noting(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new Finding(reason, location, summary, reliesOnAbsenceAt, quotes, more);
  }
}
