package io.vmnetdiag.lab.scale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.agent.path.ObservedAddress;
import io.vmnetdiag.agent.pcap.PcapAdmission;
import io.vmnetdiag.agent.probe.ProbePolicy;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.CaptureWindowReport;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.capture.CaptureWindow;
import io.vmnetdiag.lab.replay.RecordedCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node agent's report for a capture request, from a recorded lab case instead of live interfaces: the case's
 * path, its pcaps replayed through the capture's classifier and recorder (as {@code ReplayedVerdictsTest} does), the
 * agent's own probe policy, pcap admission and address learning, the run echoed from the request, encoded as the
 * agent encodes it (termination message, log chunks when large). No kernel-cause readers run (no interfaces here).
 */
final class ReplayAgent {
  private final ObjectMapper mapper = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final ReportCodec codec = new ReportCodec();
  /** Which recorded case plays each domain. */
  private final Map<String, RecordedCase> casesByDomain;
  /** A case's replay depends only on the case and the address given: done once, then shared. */
  private final Map<String, List<HopObservation>> replays = new ConcurrentHashMap<>();

  ReplayAgent(Map<String, RecordedCase> casesByDomain) {
    this.casesByDomain = casesByDomain;
  }

  /** The encoded report for the request in the pod's environment, as the agent would leave it. */
  ReportCodec.Encoded run(String requestJson) {
    return codec.encode(report(requestJson));
  }

  AgentReport report(String requestJson) {
    AgentReport report = new AgentReport();
    CaptureRequest request;
    try {
      request = mapper.readValue(requestJson, CaptureRequest.class);
    } catch (JsonProcessingException e) {
      report.setFailure(new AgentFailure(AgentFailure.BAD_REQUEST, "The capture request is not valid JSON."));
      return report;
    }
    report.setRun(request.getRun());
    RecordedCase recorded = casesByDomain.get(request.getDomain());
    if (recorded == null) {
      report.setFailure(new AgentFailure(AgentFailure.DOMAIN_NOT_FOUND, "No recorded case plays domain "
          + request.getDomain() + "."));
      return report;
    }
    ResolvedPath path = recorded.path(request.getAddress());
    path.setNode(request.getNode());
    path.setDomain(request.getDomain());
    report.setPath(path);
    report.setPcap(PcapAdmission.decide(request, path.getHops().size(), Clock.systemUTC()).report());
    Instant start = Instant.now();
    report.setCaptureStartedAt(start.toString());
    List<HopObservation> hops = replay(recorded, request.getAddress());
    report.setHops(hops);
    Instant end = Instant.now();
    report.setCaptureEndedAt(end.toString());
    report.setProbes(ProbePolicy.from(request, path).runDuring(new ReplayedWindow(hops, start, end)));
    CaptureWindowReport window = new CaptureWindowReport();
    window.setPlannedSeconds(request.getDurationSeconds());
    window.setStart(start.toString());
    window.setEnd(end.toString());
    report.setWindow(window);
    ObservedAddress.learn(path, hops);
    return report;
  }

  private List<HopObservation> replay(RecordedCase recorded, String address) {
    return replays.computeIfAbsent(recorded.name() + "|" + address, key -> {
      try {
        return recorded.replayPath(address);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The window as the probe policy sees it: already over, every hop's frames seen. */
  private record ReplayedWindow(List<HopObservation> liveSnapshots, Instant start, Instant end) implements CaptureWindow {
    @Override
    public void endNow() {
    }

    @Override
    public boolean ended() {
      return true;
    }
  }
}
