package io.vmnetdiag.operator;

import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.diagnosis.VerdictEngine;
import io.vmnetdiag.operator.kubevirt.VmiProblem;
import io.vmnetdiag.operator.outcome.CaptureFailure;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One outcome of every record of the model (each VMI problem and a few agent reasons too), to walk the table with. */
public final class OutcomeSamples {
  private OutcomeSamples() {
  }

  public static List<DiagnosisOutcome> all() {
    List<DiagnosisOutcome> samples = new ArrayList<>(captureFailures());
    samples.add(new DiagnosisOutcome.InvalidSpec(List.of("spec.target.libvirt.address: not an IP")));
    samples.add(new DiagnosisOutcome.PolicyDenied("namespace vms may not probe"));
    for (VmiProblem problem : VmiProblem.values()) {
      samples.add(new DiagnosisOutcome.TargetUnresolved(problem, "VMI web-01: " + problem));
    }
    for (String reason : List.of(AgentFailure.DOMAIN_NOT_FOUND, AgentFailure.INTERFACE_AMBIGUOUS,
        AgentFailure.INTERFACE_NOT_FOUND, AgentFailure.LAUNCHER_POD_NOT_FOUND)) {
      samples.add(new DiagnosisOutcome.PathUnresolved(reason, "the agent says " + reason));
    }
    AgentReport report = NetworkDiagnosisReconcilerTest.seedReport(1);
    var verdict = new VerdictEngine().decide(report.getPath(), report.getHops(), report.getProbes(),
        report.getKernelDrops());
    samples.add(new DiagnosisOutcome.Diagnosed(report, verdict, new CaptureRequest(), null));
    CaptureFailure evicted = new CaptureFailure.Evicted("Evicted", "The node was low on resource: memory");
    samples.add(new DiagnosisOutcome.Retrying(evicted, 1, 3, Duration.ofSeconds(10)));
    samples.add(new DiagnosisOutcome.GaveUp(evicted, 3));
    samples.add(new DiagnosisOutcome.Queued("Node node-a runs 2 capture pods, its limit of 2.", false));
    samples.add(new DiagnosisOutcome.CaptureStarted("nd-web-01-g1", "uid-p", "00ff", "vmnetdiag-capture", "node-a",
        false));
    samples.add(new DiagnosisOutcome.CaptureRunning("nd-web-01-g1"));
    samples.add(new DiagnosisOutcome.NewRun(2, "annotation vmnetdiag.io/rerun=1", "1"));
    samples.add(new DiagnosisOutcome.OperatorError("the API server said 500"));
    samples.add(new DiagnosisOutcome.VerdictChanged("Verdict changed from PathHealthy at none (run 1 of generation 1)"
        + " to LostInsideHost at uplink->tap."));
    samples.add(new DiagnosisOutcome.Expired("ttlSecondsAfterFinished 60 passed"));
    return samples;
  }

  public static List<CaptureFailure> captureFailures() {
    return List.of(new CaptureFailure.NodeNotFound("node-a"),
        new CaptureFailure.NodeNotReady("node-a", "Unknown", "NodeStatusUnknown", "2026-12-01T10:00:00Z"),
        new CaptureFailure.NodeUnschedulable("node-a"),
        new CaptureFailure.ImagePullFailed("registry/vmnetdiag:1", "ImagePullBackOff", "Back-off pulling image"),
        new CaptureFailure.ContainerConfigFailed("FailedMount", "secret not found"),
        new CaptureFailure.Evicted("Evicted", "The node was low on resource: memory"),
        new CaptureFailure.OomKilled("256Mi"), new CaptureFailure.AgentFailed(1, "Error", "panic"),
        new CaptureFailure.PodDeleted("nd-web-01-g1"),
        new CaptureFailure.DeadlineExceeded("nd-web-01-g1", "node-a", 70, "Pending"),
        new CaptureFailure.AgentCaptureFailed("the tap vanished"), new CaptureFailure.PodNotOurs("not ours"),
        new CaptureFailure.PodRejected("violates PodSecurity"), new CaptureFailure.ReportRejected("p", "wrong nonce"),
        new CaptureFailure.ReportUnreadable("truncated"));
  }

  /** A libvirt diagnosis of generation 1 to write outcomes on. */
  public static NetworkDiagnosis diagnosis() {
    NetworkDiagnosis nd = TestingCluster.libvirtDiagnosis("vms", "web-01", "node-a", "web-01");
    nd.getMetadata().setGeneration(1L);
    nd.getMetadata().setUid("uid-1");
    return nd;
  }

  /** The model's records: the leaves of the sealed hierarchy. */
  public static Set<Class<?>> records() {
    Set<Class<?>> leaves = new LinkedHashSet<>();
    addLeaves(DiagnosisOutcome.class, leaves);
    return leaves;
  }

  private static void addLeaves(Class<?> type, Set<Class<?>> leaves) {
    if (!type.isSealed()) {
      leaves.add(type);
      return;
    }
    Arrays.stream(type.getPermittedSubclasses()).forEach(sub -> addLeaves(sub, leaves));
  }
}
