package io.vmnetdiag.agent;

import io.vmnetdiag.agent.path.PathResolver;
import io.vmnetdiag.api.report.AgentReport;
import java.nio.file.Path;

/** Entry point of the node agent in the capture pod. Exit code 0: captured; 2: could not diagnose. */
public final class AgentMain {
  /** Kubernetes' default terminationMessagePath; overridable where no kubelet mounts it. */
  static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";

  private AgentMain() {
  }

  public static void main(String[] args) {
    String terminationLog = System.getenv().getOrDefault("VMNETDIAG_TERMINATION_LOG", DEFAULT_TERMINATION_LOG);
    NodeAgent agent = new NodeAgent(new PathResolver(), CaptureRunner.pcap());
    AgentReport report = agent.run(System.getenv(io.vmnetdiag.api.report.CaptureRequest.ENV));
    new ReportOutput(Path.of(terminationLog), System.out).emit(report);
    System.exit(report.getFailure() == null ? 0 : 2);
  }
}
