package io.vmnetdiag.agent;

import io.vmnetdiag.agent.path.PathResolver;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.CaptureSession;
import io.vmnetdiag.capture.CaptureSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The training run of the agent's class archive (AppCDS; {@code vmnetdiag class-archive}, run once when the image
 * is built): walks the agent's start-up path on what any build host has, so that {@code -XX:ArchiveClassesAtExit}
 * records the classes a capture pod loads. First the agent itself, as a capture pod runs it, against libvirt's
 * built-in test node (request, libvirt, domain XML, path resolution, report encoding; it ends at an unresolved
 * path, as no bridge exists here), then a short capture on loopback with the real session (filter, ring,
 * classifier, recorder). Exit 0 whatever the two outcomes: the archive only needs the classes to have loaded.
 */
public final class ClassArchiveTraining {
  static final String REQUEST = "{\"diagnosis\": \"class-archive-training\", \"domain\": \"test\","
      + " \"uri\": \"test:///default\", \"durationSeconds\": 1}";
  private static final Duration LOOPBACK_WINDOW = Duration.ofMillis(500);

  private ClassArchiveTraining() {
  }

  public static void main(String[] args) throws IOException {
    AgentReport report = new NodeAgent(new PathResolver(), CaptureRunner.pcap()).run(REQUEST);
    Path terminationLog = Files.createTempFile("vmnetdiag-training", ".log");
    try {
      new ReportOutput(terminationLog, new PrintStream(OutputStream.nullOutputStream())).emit(report);
    } finally {
      Files.deleteIfExists(terminationLog);
    }
    System.out.println("class-archive training: agent run ended with "
        + (report.getFailure() == null ? "a capture" : report.getFailure().getReason()));
    CaptureSettings loopback = new CaptureSettings("52:54:00:00:00:01", "10.255.255.1", LOOPBACK_WINDOW, 96,
        List.of(), List.of(), 10);
    HopObservation observed = new CaptureSession(loopback).run(List.of(new Hop(HopRole.Tap, "lo"))).get(0);
    System.out.println("class-archive training: loopback capture "
        + (observed.getFailure() == null ? "ran" : "failed (" + observed.getFailure() + ")"));
  }
}
