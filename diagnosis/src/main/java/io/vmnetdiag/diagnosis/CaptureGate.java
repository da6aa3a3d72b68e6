package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import java.util.Optional;

/** Decides when the captures cannot carry a verdict: a hop nobody saw, or a capture that lost packets. */
final class CaptureGate {

  /**
   * The uplink (the way in) and the tap (the VM's door) anchor every verdict: without either, a loss
   * cannot be placed, so a failed or missing capture there is inconclusive. Bridge and guest are
   * refinements: the rules skip them when they failed.
   */
  Optional<Finding> unobserved(PathView view) {
    for (HopRole anchor : List.of(HopRole.Uplink, HopRole.Tap)) {
      Optional<HopObservation> failed = view.observed(anchor).filter(hop -> hop.getFailure() != null);
      if (failed.isPresent()) {
        return Optional.of(failedCapture(failed.get()));
      }
    }
    if (view.observed(HopRole.Tap).isEmpty()) {
      return Optional.of(incomplete("No capture came back from the VM's tap device, so nothing shows whether packets"
          + " reach " + view.vmName() + ": capture again once the tap is known."));
    }
    if (view.edge().isEmpty()) {
      Optional<HopObservation> failedBridge = view.observed(HopRole.Bridge).filter(hop -> hop.getFailure() != null);
      if (failedBridge.isPresent() && !view.planned(HopRole.Uplink)) {
        return Optional.of(failedCapture(failedBridge.get()));
      }
      return Optional.of(incomplete("No capture came back from the node's uplink, so nothing shows whether packets"
          + " for " + view.vmName() + " reach this node: capture again."));
    }
    return Optional.empty();
  }

  /**
   * A capture that dropped packets in the kernel cannot prove an absence: the "missing" packets may
   * be the dropped ones. Only the hops whose silence the tentative verdict rests on matter; packets a
   * lossy capture did see still happened.
   */
  Optional<Finding> lossy(Finding tentative) {
    List<HopObservation> lossy = tentative.reliesOnAbsenceAt().stream()
        .filter(hop -> hop.getCapture().getDroppedByKernel() > 0)
        .distinct()
        .toList();
    if (lossy.isEmpty()) {
      return Optional.empty();
    }
    HopObservation first = lossy.get(0);
    String tentativeVerdict = tentative.reason()
        + (Finding.UNKNOWN.equals(tentative.location()) ? "" : " at " + tentative.location());
    String summary = "The capture on " + PathView.label(first) + " dropped "
        + TrafficText.packets(first.getCapture().getDroppedByKernel()) + " in the kernel, and the verdict "
        + tentativeVerdict + " would rest on what " + first.getInterfaceName()
        + " did not see: capture again with a larger buffer or a narrower filter.";
    return Optional.of(incomplete(summary)
        .noting("without the capture drops the verdict would be " + tentativeVerdict));
  }

  private static Finding failedCapture(HopObservation hop) {
    return incomplete("The capture on " + PathView.label(hop) + " failed (" + hop.getFailure()
        + "), and without that hop the loss cannot be placed: fix the capture and diagnose again.");
  }

  private static Finding incomplete(String summary) {
    return Finding.of(VerdictReason.CaptureIncomplete, Finding.UNKNOWN, summary, List.of());
  }
}
