package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.CaptureStats;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes a finding up as the verdict people read: one count line per hop, then quoted packets. */
final class EvidenceWriter {
  /** A status is read at a glance; more lines than this are not read. */
  static final int MAX_LINES = 10;

  Verdict write(PathView view, Finding finding) {
    return write(view, finding, List.of());
  }

  /** As {@link #write(PathView, Finding)}, keeping room after the quotes for {@code last} (the node-wide lines). */
  Verdict write(PathView view, Finding finding, List<String> last) {
    List<String> lines = new ArrayList<>();
    for (HopObservation hop : view.reportedHops()) {
      lines.add(countLine(hop));
    }
    lines.addAll(finding.notes());
    addQuotes(finding.quotes(), lines, MAX_LINES - last.size());
    lines.addAll(last);
    return new Verdict(finding.reason(), finding.location(), finding.summary(),
        lines.subList(0, Math.min(lines.size(), MAX_LINES)));
  }

  static String countLine(HopObservation hop) {
    if (hop.getFailure() != null) {
      return PathView.label(hop) + ": not captured (" + hop.getFailure() + ")";
    }
    StringBuilder line = new StringBuilder(PathView.label(hop))
        .append(": to VM ").append(TrafficText.counts(hop.getToVm()))
        .append("; from VM ").append(TrafficText.counts(hop.getFromVm()));
    if (hop.getFromVmToNode().total() > 0) {
      // Why these never show at the uplink: they end on the node.
      line.append(" (to the node itself: ").append(TrafficText.counts(hop.getFromVmToNode())).append(")");
    }
    CaptureStats stats = hop.getCapture();
    if (stats.getDroppedByKernel() > 0) {
      line.append(" (capture dropped ").append(stats.getDroppedByKernel()).append(" in the kernel)");
    }
    if (stats.getDroppedByInterface() > 0) {
      line.append(" (interface dropped ").append(stats.getDroppedByInterface()).append(")");
    }
    return line.toString();
  }

  // Round-robin over the wanted quotes so each kind of proof gets a line before any gets two.
  private static void addQuotes(List<Finding.Quote> quotes, List<String> lines, int upTo) {
    Set<List<Object>> used = new HashSet<>();
    boolean added = true;
    while (added && lines.size() < upTo) {
      added = false;
      for (Finding.Quote quote : quotes) {
        if (lines.size() >= upTo) {
          return;
        }
        String line = nextLine(quote, used);
        if (line != null) {
          lines.add(quote.hop().getInterfaceName() + ": " + line);
          added = true;
        }
      }
    }
  }

  private static String nextLine(Finding.Quote quote, Set<List<Object>> used) {
    List<PacketSample> samples = new ArrayList<>(Samples.of(quote.hop(), quote.direction(), quote.kinds()));
    if (quote.latestFirst()) {
      Collections.reverse(samples);
    }
    for (PacketSample sample : samples) {
      List<Object> fact = new ArrayList<>(Samples.sameFact(sample));
      fact.add(quote.hop().getRole());
      if (sample.getText() != null && quote.which().test(sample) && used.add(fact)) {
        return sample.getText();
      }
    }
    return null;
  }
}
