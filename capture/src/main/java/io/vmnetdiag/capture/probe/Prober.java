package io.vmnetdiag.capture.probe;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a bounded burst of probes towards one VM only, injected on the bridge from the node's own
 * identity there, at most {@value #MAX_PACKETS_PER_SECOND} packets per second, and stops by a deadline
 * so every reply lands inside the capture window.
 *
 * <p>Why the bridge: the frames then cross bridge, tap and guest, exactly the inbound half of the path
 * under test, and the VM answers the node, not an innocent third party. The probes show up in the
 * captures like any other traffic; that is what makes an idle VM diagnosable.
 *
 * <p>The node's kernel has no socket for the probes: it silently drops the echo replies and answers a
 * SYN-ACK with a RST. That is harmless, even useful: the VM frees its half-open connection at once,
 * and the RST is one more packet crossing the path towards the VM.
 */
public final class Prober {
  private static final Logger LOG = LoggerFactory.getLogger(Prober.class);
  public static final int MAX_PACKETS_PER_SECOND = 5;
  static final Duration SPACING = Duration.ofSeconds(1).dividedBy(MAX_PACKETS_PER_SECOND);

  private final InterfaceReader reader;
  private final FrameSender.Opener opener;
  private final Pacer pacer;

  /** The real thing: libpcap to read the bridge and inject the frames, the wall clock to pace them. */
  public Prober() {
    this(InterfaceReader.pcap(), FrameSender.pcap(), Pacer.system());
  }

  public Prober(InterfaceReader reader, FrameSender.Opener opener, Pacer pacer) {
    this.reader = reader;
    this.opener = opener;
    this.pacer = pacer;
  }

  /** Probes {@code target} from {@code bridge} until {@code deadline} at the latest; never throws. */
  public ProbeReport probe(ProbeTarget target, Hop bridge, Instant deadline) {
    return probe(target, bridge, deadline, ProbePlan.RunIds.random());
  }

  /** As {@link #probe(ProbeTarget, Hop, Instant)} with this run's identities, so the captures can follow each probe. */
  public ProbeReport probe(ProbeTarget target, Hop bridge, Instant deadline, ProbePlan.RunIds ids) {
    if (target.vmIp() == null) {
      return notSent("The VM's IP address is unknown: ARP who-has, neighbour solicitation, ICMP echo and TCP SYN"
          + " all need it, so nothing was sent.");
    }
    if (bridge == null || bridge.getInterfaceName() == null || bridge.getInterfaceName().isBlank()) {
      return notSent("The VM's path has no bridge to send probes from, so nothing was sent.");
    }
    String namespace = bridge.getNetworkNamespace();
    try {
      if (namespace == null || namespace.isBlank()) {
        return probeFrom(bridge.getInterfaceName(), target, deadline, ids);
      }
      // The bridge's addresses and the sending handle both belong to the bridge's namespace.
      Duration budget = Duration.between(pacer.now(), deadline).plusSeconds(5);
      return InsideNamespace.callInside(namespace, budget, () -> probeFrom(bridge.getInterfaceName(), target, deadline, ids));
    } catch (ProbeFailure failure) {
      return notSent(failure.getMessage() + " Nothing was sent.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notSent("Interrupted before probing.");
    } catch (RuntimeException e) {
      LOG.warn("Probing failed", e);
      return notSent("Probing failed: " + e + ". Nothing was sent.");
    }
  }

  private ProbeReport probeFrom(String bridgeName, ProbeTarget target, Instant deadline, ProbePlan.RunIds ids)
      throws ProbeFailure {
    Optional<LocalInterface> bridge = reader.read(bridgeName);
    if (bridge.isEmpty()) {
      return notSent("The bridge " + bridgeName + " does not exist in the agent's network namespace or has no MAC,"
          + " so nothing was sent.");
    }
    ProbeSource source = ProbeSource.choose(bridge.get(), target.vmIp());
    List<ProbePlan.Probe> plan = ProbePlan.build(source, target, ids);
    List<ProbePlan.Probe> fitting = plan.subList(0, Math.min(plan.size(), packetsBefore(deadline)));
    List<ProbePlan.Probe> sent = new ArrayList<>(fitting.size());
    String stoppedBecause = null;
    try (FrameSender sender = opener.open(bridgeName)) {
      stoppedBecause = send(fitting, sender, deadline, sent);
    }
    ProbeReport report = new ProbeReport();
    report.setSent(!sent.isEmpty());
    report.setSource(source.describe(target.family()));
    report.setProbes(ProbePlan.summarize(sent));
    report.setReason(reason(source, target, plan.size(), fitting.size(), sent.size(), stoppedBecause));
    LOG.info("Sent {} probe(s) towards the VM from {}: {}", sent.size(), report.getSource(), report.getProbes());
    return report;
  }

  /** Sends at most one frame per {@link #SPACING}; returns why it stopped early, or null. */
  private String send(List<ProbePlan.Probe> probes, FrameSender sender, Instant deadline, List<ProbePlan.Probe> sent) {
    Instant next = pacer.now();
    for (ProbePlan.Probe probe : probes) {
      try {
        pacer.sleepUntil(next);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
      Instant now = pacer.now();
      if (now.isAfter(deadline)) {
        return "the middle of the window was reached";
      }
      try {
        sender.send(probe.frame());
      } catch (ProbeFailure failure) {
        return failure.getMessage();
      }
      sent.add(probe);
      // Spacing from the actual send: a late send never lets the next one come closer than the rate allows.
      next = now.plus(SPACING);
    }
    return null;
  }

  /** How many probes fit between now and the deadline, the first sent at once. */
  private int packetsBefore(Instant deadline) {
    Duration available = Duration.between(pacer.now(), deadline);
    return available.isNegative() ? 0 : (int) Math.min(Integer.MAX_VALUE, available.dividedBy(SPACING) + 1);
  }

  private static String reason(ProbeSource source, ProbeTarget target, int planned, int fitting, int sent,
      String stoppedBecause) {
    StringBuilder reason = new StringBuilder();
    if (source.canReceiveReplies()) {
      reason.append("Sent from the bridge because ").append(source.why()).append(".");
    } else if (target.family() == 16) {
      reason.append("Only duplicate address detection probes (source ::) were sent: ").append(source.why())
          .append("; a node answers them for its own address with a neighbour advertisement.");
    } else {
      reason.append("Only ARP probes (RFC 5227, sender 0.0.0.0) were sent: ").append(source.why())
          .append("; every IPv4 stack answers an ARP probe for its own address.");
    }
    if (fitting < planned) {
      reason.append(" Only ").append(fitting).append(" of ").append(planned).append(" planned probes fit before the"
          + " middle of the window at ").append(MAX_PACKETS_PER_SECOND).append(" packets per second.");
    }
    if (stoppedBecause != null) {
      reason.append(" Sending stopped after ").append(sent).append(" probe(s): ").append(stoppedBecause).append('.');
    }
    return reason.toString().replace("..", ".");
  }

  private static ProbeReport notSent(String reason) {
    ProbeReport report = new ProbeReport();
    report.setSent(false);
    report.setReason(reason);
    return report;
  }
}
