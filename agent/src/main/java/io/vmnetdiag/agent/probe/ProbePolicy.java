package io.vmnetdiag.agent.probe;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.capture.CaptureWindow;
import io.vmnetdiag.capture.probe.Pacer;
import io.vmnetdiag.capture.probe.ProbePlan;
import io.vmnetdiag.capture.probe.ProbeTarget;
import io.vmnetdiag.capture.probe.Prober;
import io.vmnetdiag.diagnosis.Exchanges;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * When the agent probes the VM during the capture window. Always: at once. Never: not at all. Auto: when
 * nothing asked the VM anything, or nothing it was asked was answered, judged at its tap at a quarter of the
 * window (time enough to see ordinary traffic) so the probes and their replies still fit in. Every probe goes out before the middle of the window, so the
 * replies, even slow ones, are captured before it closes.
 */
public final class ProbePolicy {
  private final ProbeMode mode;
  private final String badMode;
  private final ProbeAction action;
  private final Pacer clock;

  public ProbePolicy(ProbeMode mode, ProbeAction action, Pacer clock) {
    this(mode, null, action, clock);
  }

  private ProbePolicy(ProbeMode mode, String badMode, ProbeAction action, Pacer clock) {
    this.mode = mode;
    this.badMode = badMode;
    this.action = action;
    this.clock = clock;
  }

  /** The policy the request asks for, probing the path's VM from the path's bridge with the real prober. */
  public static ProbePolicy from(CaptureRequest request, ResolvedPath path) {
    return from(request, path, ProbePlan.RunIds.random());
  }

  /** As {@link #from(CaptureRequest, ResolvedPath)}, the probes carrying this run's identities. */
  public static ProbePolicy from(CaptureRequest request, ResolvedPath path, ProbePlan.RunIds ids) {
    String text = request.getProbeMode() == null ? ProbeMode.Auto.name() : request.getProbeMode().strip();
    ProbeMode mode = parseMode(text);
    ProbeOrigin origin = ProbeOrigin.of(path);
    Hop bridge = origin.bridge().orElse(null);
    ProbeAction action = origin.refusal().isPresent() ? (deadline, learned) -> notSent(origin.refusal().get())
        : (deadline, learned) -> new Prober().probe(
        ProbeTarget.of(path.getVmMac(), path.getVmAddress() != null ? path.getVmAddress() : learned,
            request.getPorts(), request.getProbeCount()),
        bridge, deadline, ids);
    return new ProbePolicy(mode, mode == null ? text : null, action, Pacer.system());
  }

  /** Decides, waits and probes as the mode says; runs on the capture window's own thread; never throws. */
  public ProbeReport runDuring(CaptureWindow window) {
    if (mode == null) {
      // The operator only sends valid modes; a garbled one must not turn into unasked-for traffic.
      return notSent("Unknown probe mode '" + badMode + "': nothing was sent.");
    }
    Duration length = Duration.between(window.start(), window.end());
    Instant middle = window.start().plus(length.dividedBy(2));
    return switch (mode) {
      case Never -> notSent("Probes are off (Never).");
      case Always -> withReason(probe(window, middle), "Probes asked for (Always) from the start of the window.");
      case Auto -> auto(window, window.start().plus(length.dividedBy(4)), middle);
    };
  }

  private ProbeReport auto(CaptureWindow window, Instant quarter, Instant middle) {
    try {
      clock.sleepUntil(quarter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notSent("Interrupted while waiting to see whether the VM is idle (Auto): nothing was sent.");
    }
    // What the VM sends on its own (router solicitations, DHCP) and answers to it ask it nothing: only requests count.
    // Requests that all go unanswered call for probes too: an ARP probe tells a wedged guest from a firewall.
    HopObservation seen = window.liveSnapshots().stream().filter(hop -> hop.getRole() == HopRole.Tap).findFirst()
        .orElse(new HopObservation());
    long asked = Exchanges.asked(seen);
    if (asked == 0) {
      return withReason(probe(window, middle), "Nothing asked the VM anything in the first quarter of the window (Auto).");
    }
    if (Exchanges.answered(seen) == 0) {
      return withReason(probe(window, middle), asked + " request(s) reached the VM in the first quarter of the window"
          + " and none was answered: probes add what its kernel does with neighbour requests (Auto).");
    }
    return notSent(asked + " request(s) reached the VM in the first quarter of the window and it answers: traffic"
        + " flows, so no probes were needed (Auto).");
  }

  private ProbeReport probe(CaptureWindow window, Instant deadline) {
    String learned = window.liveSnapshots().stream().flatMap(hop -> hop.getVmSourceAddresses().stream())
        .findFirst().orElse(null);
    try {
      return action.probe(deadline, learned);
    } catch (RuntimeException e) {
      return notSent("Probing failed: " + e.getMessage() + ". Nothing was sent.");
    }
  }

  /** For a capture whose window never ran the policy (no hop could be armed, or it was cut short). */
  public static ProbeReport didNotRun() {
    return notSent("The capture window ended before the probe step finished: nothing is known to have been sent.");
  }

  private static ProbeMode parseMode(String text) {
    for (ProbeMode candidate : ProbeMode.values()) {
      if (candidate.name().toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
    return null;
  }

  private static ProbeReport withReason(ProbeReport report, String why) {
    ProbeReport result = report == null ? new ProbeReport() : report;
    result.setReason(why + (result.getReason() == null ? "" : " " + result.getReason()));
    return result;
  }

  private static ProbeReport notSent(String reason) {
    ProbeReport report = new ProbeReport();
    report.setSent(false);
    report.setReason(reason);
    return report;
  }
}
