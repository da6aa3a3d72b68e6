package io.vmnetdiag.agent.pcap;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.PcapLocation;
import io.vmnetdiag.capture.PcapSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Whether this run writes pcap files: when the request asks for them and names the node's pcap root, room is made
 * there first ({@link PcapStore}); a run whose most bytes cannot fit writes none and says why, and the capture goes
 * on without them.
 */
public final class PcapAdmission {
  private PcapAdmission() {
  }

  /** What was decided: the settings to capture with (null: no pcap files) and what to report (null: none asked). */
  public record Decision(PcapSettings settings, PcapLocation report) {
  }

  public static Decision decide(CaptureRequest request, int hops, Clock clock) {
    if (request.getPcapDirectory() == null) {
      return new Decision(null, null);
    }
    PcapSettings settings = new PcapSettings(Path.of(request.getPcapDirectory()), request.getPcapMaxFileBytes(),
        request.getPcapMaxFiles());
    PcapLocation report = new PcapLocation(request.getNode(), request.getPcapDirectory());
    if (request.getPcapRoot() == null) {
      return new Decision(settings, report);
    }
    long budget = (long) hops * settings.maxFileBytes() * settings.maxFiles();
    PcapStore.Room room = new PcapStore(Path.of(request.getPcapRoot()), Duration.ofSeconds(request.getPcapRetentionSeconds()),
        request.getPcapNodeLimitBytes(), clock).makeRoom(settings.directory(), budget);
    if (room.removedRuns() > 0) {
      report.setPrunedRuns(room.removedRuns());
      report.setPrunedBytes(room.removedBytes());
    }
    if (!room.fits()) {
      report.setNotWritten(room.refusal());
      return new Decision(null, report);
    }
    return new Decision(settings, report);
  }
}
