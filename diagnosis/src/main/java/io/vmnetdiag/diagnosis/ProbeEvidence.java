package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ProbeTrace;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The followed probe worth a line of evidence: an unanswered one first, as it shows how far a packet got. */
final class ProbeEvidence {
  private ProbeEvidence() {
  }

  static Finding noting(Finding finding, ProbeReport probes) {
    return line(probes).map(finding::noting).orElse(finding);
  }

  /** "probe ICMP echo request id 4660 seq 3: seen at bridge br0, tap vnet3; no echo reply". */
  static Optional<String> line(ProbeReport probes) {
    if (probes == null || probes.getTraces() == null) {
      return Optional.empty();
    }
    List<ProbeTrace> traces = probes.getTraces().stream()
        .filter(trace -> trace != null && trace.getProbe() != null && trace.getSeenAt() != null).toList();
    return traces.stream()
        .min(Comparator.comparing((ProbeTrace trace) -> answered(trace)).thenComparing(trace -> -trace.getSeenAt().size()))
        .map(trace -> "probe " + trace.getProbe() + ": seen at " + TrafficText.and(trace.getSeenAt()) + "; "
            + (answered(trace) ? trace.getAnswer() + " seen at " + TrafficText.and(trace.getAnsweredAt())
            : "no " + trace.getAnswer()));
  }

  private static boolean answered(ProbeTrace trace) {
    return trace.getAnsweredAt() != null && !trace.getAnsweredAt().isEmpty();
  }
}
