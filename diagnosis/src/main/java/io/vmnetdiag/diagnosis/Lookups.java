package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import java.util.List;

/** The VM's own neighbour lookups at a hop, read for what they prove. */
final class Lookups {
  private Lookups() {
  }

  /** Addresses the VM asked for again after the answer had been handed to it: it did not take the answer in. */
  static List<NeighborLookup> askedAgainAfterAnswer(HopObservation hop) {
    return hop.getNeighborLookups().stream().filter(lookup -> lookup.getRequestsAfterAnswer() > 0).toList();
  }

  /** Addresses the VM asked for that no answer came back for at this hop. */
  static List<NeighborLookup> unanswered(HopObservation hop) {
    return hop.getNeighborLookups().stream()
        .filter(lookup -> lookup.getRequests() > 0 && lookup.getAnswers() == 0).toList();
  }

  /** Requests the VM sent for the given addresses at this hop. */
  static long requests(HopObservation hop, List<NeighborLookup> lookups) {
    List<String> addresses = lookups.stream().map(NeighborLookup::getAddress).toList();
    return hop.getNeighborLookups().stream().filter(lookup -> addresses.contains(lookup.getAddress()))
        .mapToLong(NeighborLookup::getRequests).sum();
  }

  /** "10.77.0.1 (asked 6 times, 6 answers handed to it, asked 5 times after the first)". */
  static String describe(List<NeighborLookup> lookups) {
    return TrafficText.and(lookups.stream().map(lookup -> lookup.getAddress() + " (asked " + times(lookup.getRequests())
        + ", " + lookup.getAnswers() + (lookup.getAnswers() == 1 ? " answer" : " answers") + " handed to it"
        + (lookup.getRequestsAfterAnswer() > 0 ? ", asked " + times(lookup.getRequestsAfterAnswer()) + " after the first"
        : "") + ")").toList());
  }

  private static String times(long n) {
    return n == 1 ? "once" : n + " times";
  }
}
