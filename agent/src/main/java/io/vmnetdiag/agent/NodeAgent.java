package io.vmnetdiag.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.agent.kubevirt.KubevirtGuestView;
import io.vmnetdiag.agent.path.GuestAgentInterfaces;
import io.vmnetdiag.agent.cause.BridgePortStates;
import io.vmnetdiag.agent.cause.FirewallCounters;
import io.vmnetdiag.agent.cause.KernelDropReasons;
import io.vmnetdiag.agent.pcap.PcapAdmission;
import io.vmnetdiag.agent.cause.QdiscDrops;
import io.vmnetdiag.agent.path.PathResolutionException;
import io.vmnetdiag.agent.path.PathResolver;
import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.agent.probe.ProbePolicy;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.agent.path.ObservedAddress;
import io.vmnetdiag.agent.window.EarlyStopWatch;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.CaptureWindowReport;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ProbeTrace;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.agent.probe.ProbeFocus;
import io.vmnetdiag.capture.CaptureSettings;
import io.vmnetdiag.capture.CaptureWindow;
import io.vmnetdiag.capture.probe.Pacer;
import io.vmnetdiag.capture.probe.ProbePlan;
import io.vmnetdiag.capture.record.ProbeWatch;
import io.vmnetdiag.capture.probe.InterfaceReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's job, start to end: read the request, resolve the VM's path, capture every hop, report. */
public final class NodeAgent {
  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);
  /** Sample lines kept per hop at each end of the window (first N and last N). */
  static final int SAMPLE_LINES = 10;

  private final PathResolver pathResolver;
  private final KubevirtPathResolver kubevirtResolver;
  private final CaptureRunner captureRunner;
  private final ProbeFocus probeFocus;
  private final FirewallCounters firewall;
  private final QdiscDrops qdiscs;
  private final BridgePortStates portStates;
  private final KernelDropReasons dropReasons;
  private final ObjectMapper mapper = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public NodeAgent(PathResolver pathResolver, CaptureRunner captureRunner) {
    this(pathResolver, captureRunner, new ProbeFocus(InterfaceReader.pcap()), FirewallCounters.libnftables(),
        QdiscDrops.rtnetlink(), BridgePortStates.rtnetlink(), KernelDropReasons.tracefs());
  }

  NodeAgent(PathResolver pathResolver, CaptureRunner captureRunner, ProbeFocus probeFocus) {
    this(pathResolver, captureRunner, probeFocus, FirewallCounters.libnftables(), QdiscDrops.rtnetlink(),
        BridgePortStates.rtnetlink(), KernelDropReasons.tracefs());
  }

  NodeAgent(PathResolver pathResolver, CaptureRunner captureRunner, ProbeFocus probeFocus, FirewallCounters firewall,
      QdiscDrops qdiscs, BridgePortStates portStates, KernelDropReasons dropReasons) {
    this(pathResolver, KubevirtPathResolver.node(), captureRunner, probeFocus, firewall, qdiscs, portStates,
        dropReasons);
  }

  /** With the KubeVirt resolver given: the lab's, whose node is a network namespace of its own. */
  public NodeAgent(PathResolver pathResolver, KubevirtPathResolver kubevirtResolver, CaptureRunner captureRunner) {
    this(pathResolver, kubevirtResolver, captureRunner, new ProbeFocus(InterfaceReader.pcap()),
        FirewallCounters.libnftables(), QdiscDrops.rtnetlink(), BridgePortStates.rtnetlink(),
        KernelDropReasons.tracefs());
  }

  NodeAgent(PathResolver pathResolver, KubevirtPathResolver kubevirtResolver, CaptureRunner captureRunner,
      ProbeFocus probeFocus, FirewallCounters firewall, QdiscDrops qdiscs, BridgePortStates portStates,
      KernelDropReasons dropReasons) {
    this.pathResolver = pathResolver;
    this.kubevirtResolver = kubevirtResolver;
    this.captureRunner = captureRunner;
    this.probeFocus = probeFocus;
    this.firewall = firewall;
    this.qdiscs = qdiscs;
    this.portStates = portStates;
    this.dropReasons = dropReasons;
  }

  /** Never throws: whatever goes wrong ends up as the report's failure. */
  public AgentReport run(String requestJson) {
    return run(requestJson, window -> { });
  }

  /**
   * As {@link #run(String)}, also handing the capture window to {@code whileArmed} once every hop is armed
   * (the CLI's progress reads its live snapshots). It is called on the capture's own thread before the probes
   * start, so it must return at once: whoever wants to watch the window starts a thread of its own.
   */
  public AgentReport run(String requestJson, Consumer<CaptureWindow> whileArmed) {
    AgentReport report = new AgentReport();
    CaptureRequest request;
    try {
      request = parse(requestJson);
    } catch (IllegalArgumentException e) {
      report.setFailure(new AgentFailure(AgentFailure.BAD_REQUEST, e.getMessage()));
      return report;
    }
    // Echoed whatever happens next, failures included: the operator accepts no report without it.
    report.setRun(request.getRun());
    try {
      ResolvedPath path = request.getKubevirt() != null ? kubevirtResolver.resolve(request)
          : pathResolver.resolve(request);
      report.setPath(path);
      log.info("NetworkDiagnosis {}: path {} (VM {} {} from {})", request.getDiagnosis(), path.getHops(),
          path.getVmMac(), path.getVmAddress(), path.getAddressSource());
      List<String> peers = probeFocus.peers(request.getPeers(), request.getProbeMode(), path);
      ProbePlan.RunIds probeIds = ProbePlan.RunIds.random();
      ProbeWatch probeWatch = new ProbeWatch(probeIds.echoId(), probeIds.sourcePort());
      PcapAdmission.Decision pcap = PcapAdmission.decide(request, path.getHops().size(), Clock.systemUTC());
      report.setPcap(pcap.report());
      CaptureSettings settings = new CaptureSettings(path.getVmMac(), path.getVmAddress(),
          Duration.ofSeconds(request.getDurationSeconds()), request.getSnapLength(), peers,
          request.getPorts(), SAMPLE_LINES, pcap.settings(), probeWatch);
      ProbePolicy probePolicy = ProbePolicy.from(request, path, probeIds);
      AtomicReference<ProbeReport> probes = new AtomicReference<>();
      AtomicReference<CaptureWindow> ran = new AtomicReference<>();
      EarlyStopWatch earlyStop = new EarlyStopWatch(Pacer.system());
      GuestView guestAtStart = request.getKubevirt() != null ? null : pathResolver.readGuest(request);
      // the kernel's drop reasons, traced from before the counters are read to after: the window they are tied
      // to hops by (the rules and qdiscs that counted) lies within theirs
      KernelDropReasons.Window dropWindow = dropReasons.start();
      // nftables and qdisc counters read just before the capture and just after it: the rules that acted on the
      // path, the qdiscs that dropped
      FirewallCounters.Window firewallWindow = firewall.start(path.getHops());
      // the STP state of the bridge ports on the path (uplink, tap) as the window begins: on the path's hops
      portStates.read(path.getHops());
      QdiscDrops.Window qdiscWindow = qdiscs.start(path.getHops());
      report.setCaptureStartedAt(Instant.now().toString());
      try {
        report.setHops(captureRunner.capture(settings, path.getHops(), window -> {
          ran.set(window);
          whileArmed.accept(window);
          if (request.isEndWhenConclusive()) {
            Thread watch = new Thread(() -> earlyStop.watch(window), "early-stop-watch");
            watch.setDaemon(true);
            watch.start();
          }
          probes.set(probePolicy.runDuring(window));
        }));
      } catch (RuntimeException e) {
        dropWindow.end(path, List.of());
        throw e;
      }
      report.setCaptureEndedAt(Instant.now().toString());
      firewallWindow.end(report.getHops());
      qdiscWindow.end(report.getHops());
      report.setKernelDrops(dropWindow.end(path, report.getHops()));
      path.setGuest(request.getKubevirt() != null ? KubevirtGuestView.of(request.getKubevirt())
          : GuestAgentInterfaces.join(guestAtStart, pathResolver.readGuest(request)));
      report.setProbes(probes.get() != null ? probes.get() : ProbePolicy.didNotRun());
      if (report.getProbes().isSent()) {
        report.getProbes().setTraces(probeWatch.traces().stream().map(trace -> new ProbeTrace(trace.probe(),
            trace.seenAt(), trace.answer(), trace.answeredAt())).toList());
      }
      report.setWindow(windowReport(ran.get(), request, earlyStop));
      ObservedAddress.learn(path, report.getHops());
      log.info("NetworkDiagnosis {}: probes sent={} {} {}", request.getDiagnosis(), report.getProbes().isSent(),
          report.getProbes().getProbes(), report.getProbes().getReason());
      log.info("NetworkDiagnosis {}: captured {} hops", request.getDiagnosis(), report.getHops().size());
    } catch (PathResolutionException e) {
      report.setFailure(e.failure());
    } catch (RuntimeException e) {
      log.error("NetworkDiagnosis {}: capture failed", request.getDiagnosis(), e);
      report.setFailure(new AgentFailure(AgentFailure.CAPTURE_FAILED,
          "The capture failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
    return report;
  }

  private static CaptureWindowReport windowReport(CaptureWindow window, CaptureRequest request, EarlyStopWatch earlyStop) {
    CaptureWindowReport report = new CaptureWindowReport();
    report.setPlannedSeconds(request.getDurationSeconds());
    if (window != null) {
      report.setStart(window.start().toString());
      report.setEnd(window.end().toString());
      // To a tenth of a second: what kubectl get -o wide prints.
      report.setUsedSeconds(Math.round(Duration.between(window.start(), window.end()).toMillis() / 100.0) / 10.0);
    }
    earlyStop.reason().ifPresent(reason -> {
      report.setEndedEarly(true);
      report.setReason(reason);
    });
    return report;
  }

  private CaptureRequest parse(String json) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("No capture request: " + CaptureRequest.ENV + " is not set.");
    }
    CaptureRequest request;
    try {
      request = mapper.readValue(json, CaptureRequest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The capture request is not valid JSON: " + e.getOriginalMessage());
    }
    if (request.getKubevirt() == null && (request.getDomain() == null || request.getDomain().isBlank())) {
      throw new IllegalArgumentException("The capture request names no libvirt domain and no KubeVirt VM.");
    }
    if (request.getDurationSeconds() < CaptureSpec.MIN_DURATION_SECONDS
        || request.getDurationSeconds() > CaptureSpec.MAX_DURATION_SECONDS) {
      throw new IllegalArgumentException("The capture window must be " + CaptureSpec.MIN_DURATION_SECONDS + "-"
          + CaptureSpec.MAX_DURATION_SECONDS + " s, got " + request.getDurationSeconds() + ".");
    }
    return request;
  }
}
