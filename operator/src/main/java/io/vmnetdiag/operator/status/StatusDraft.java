package io.vmnetdiag.operator.status;

import static io.vmnetdiag.operator.status.ConditionSet.FALSE;
import static io.vmnetdiag.operator.status.ConditionSet.TRUE;
import static io.vmnetdiag.operator.status.ConditionSet.UNKNOWN;
import static io.vmnetdiag.operator.status.ConditionTypes.ANALYZED;
import static io.vmnetdiag.operator.status.ConditionTypes.CAPTURED;
import static io.vmnetdiag.operator.status.ConditionTypes.READY;
import static io.vmnetdiag.operator.status.ConditionTypes.RECONCILING;
import static io.vmnetdiag.operator.status.ConditionTypes.STALLED;
import static io.vmnetdiag.operator.status.ConditionTypes.RESOLVED;

import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.AttemptFailure;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisStatus;
import io.vmnetdiag.api.v1alpha1.PcapLocation;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.operator.alerts.AlertDiagnoses;
import io.vmnetdiag.operator.rerun.RunHistory;
import io.vmnetdiag.operator.rerun.RunPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The status a reconcile is about to write, built from the observed one. Each method gives one kind of outcome its
 * shape and sets every condition consistently for it, kstatus' too: Reconciling while the operator works, Stalled
 * when it ended without a verdict, neither once Ready is True. The reasons and messages are outcome.OutcomeTable's.
 */
public final class StatusDraft {
  private final NetworkDiagnosisStatus status;
  private final ConditionSet conditions;
  private final Instant now;

  private StatusDraft(NetworkDiagnosisStatus status, long generation, Instant now) {
    this.status = status;
    this.now = now;
    this.conditions = new ConditionSet(status.getConditions(), generation, now);
  }

  /**
   * Starts from the observed status; a new generation starts over, keeping only the conditions so
   * their transition times stay meaningful.
   */
  public static StatusDraft from(NetworkDiagnosis nd, Instant now) {
    NetworkDiagnosisStatus observed = nd.getStatus() == null ? new NetworkDiagnosisStatus() : nd.getStatus();
    long generation = nd.getMetadata().getGeneration() == null ? 0 : nd.getMetadata().getGeneration();
    NetworkDiagnosisStatus next = new NetworkDiagnosisStatus();
    next.setConditions(new ArrayList<>(observed.getConditions()));
    // Across runs and generations: the past runs, and the rerun request already acted on (a first status takes the
    // annotation's value as acted on, so a rerun annotation committed with the diagnosis does not re-run it).
    // A finished run of an older generation joins the history as a re-run's does.
    boolean newGeneration = observed.getObservedGeneration() != null && observed.getObservedGeneration() != generation;
    next.setHistory(newGeneration && observed.getCompletionTime() != null ? RunHistory.withFinishedRun(observed)
        : observed.getHistory());
    next.setRerunRequest(observed.getRerunRequest() != null ? observed.getRerunRequest() : RunPlanner.rerunRequest(nd));
    boolean sameGeneration = observed.getObservedGeneration() != null && observed.getObservedGeneration() == generation;
    if (sameGeneration) {
      next.setRun(observed.getRun());
      next.setAttempt(observed.getAttempt());
      next.setLastFailure(observed.getLastFailure());
      next.setCapturePod(observed.getCapturePod());
      next.setCapturePodUid(observed.getCapturePodUid());
      next.setCaptureNonce(observed.getCaptureNonce());
      next.setPath(observed.getPath());
      next.setHops(observed.getHops());
      next.setVerdict(observed.getVerdict());
      next.setProbes(observed.getProbes());
      next.setWindow(observed.getWindow());
      next.setPcap(observed.getPcap());
      next.setStartTime(observed.getStartTime());
      next.setCompletionTime(observed.getCompletionTime());
    }
    next.setObservedGeneration(generation);
    next.setTrigger(AlertDiagnoses.reference(nd));
    next.setTargetName(nd.getSpec() == null || nd.getSpec().getTarget() == null
        ? null : nd.getSpec().getTarget().displayName());
    StatusDraft draft = new StatusDraft(next, generation, now);
    if (!sameGeneration) {
      draft.startOver(generation);
    }
    return draft;
  }

  /** A generation not seen before: no condition may still speak of an earlier one. */
  private void startOver(long generation) {
    String message = "Generation " + generation + " is being diagnosed.";
    conditions.set(READY, UNKNOWN, Reasons.PENDING, message);
    for (String stage : List.of(RESOLVED, CAPTURED, ANALYZED)) {
      conditions.set(stage, UNKNOWN, Reasons.PENDING, "Not reached yet.");
    }
    working(Reasons.PENDING, message);
  }

  /**
   * A new run of the same generation (a re-run or the schedule): a clean run state as a new generation gets, the
   * finished run moved into the history, the run number one higher (a new capture pod name).
   */
  public static StatusDraft nextRun(NetworkDiagnosis nd, Instant now, long run, String message, String rerunRequest) {
    NetworkDiagnosisStatus observed = nd.getStatus();
    long generation = nd.getMetadata().getGeneration();
    NetworkDiagnosisStatus next = new NetworkDiagnosisStatus();
    next.setConditions(new ArrayList<>(observed.getConditions()));
    next.setObservedGeneration(generation);
    next.setTargetName(observed.getTargetName());
    next.setTrigger(observed.getTrigger());
    next.setHistory(RunHistory.withFinishedRun(observed));
    next.setRerunRequest(rerunRequest);
    next.setRun(run);
    StatusDraft draft = new StatusDraft(next, generation, now);
    draft.conditions.set(RESOLVED, UNKNOWN, Reasons.PENDING, message);
    draft.conditions.set(CAPTURED, UNKNOWN, Reasons.PENDING, message);
    draft.conditions.set(ANALYZED, UNKNOWN, Reasons.PENDING, "Waiting for the capture.");
    draft.conditions.set(READY, FALSE, Reasons.RERUN, message);
    return draft.working(Reasons.RERUN, message);
  }

  /** True when the observed generation has reached a final outcome. */
  public static boolean isFinished(NetworkDiagnosis nd) {
    NetworkDiagnosisStatus s = nd.getStatus();
    return s != null && s.getCompletionTime() != null && s.getObservedGeneration() != null
        && s.getObservedGeneration().equals(nd.getMetadata().getGeneration());
  }

  /** True when the current generation's attempt recorded its pod: that pod's absence is then news. */
  public static boolean runStarted(NetworkDiagnosis nd) {
    NetworkDiagnosisStatus s = nd.getStatus();
    return s != null && s.getCapturePodUid() != null && s.getObservedGeneration() != null
        && s.getObservedGeneration().equals(nd.getMetadata().getGeneration()) && !isFinished(nd);
  }

  /** True while the observed generation waits for a capture slot. */
  public static boolean isQueued(NetworkDiagnosis nd) {
    NetworkDiagnosisStatus s = nd.getStatus();
    return s != null && !isFinished(nd) && s.getConditions().stream()
        .anyMatch(c -> ConditionTypes.READY.equals(c.getType()) && Reasons.QUEUED.equals(c.getReason()));
  }

  /** No capture slot is free yet; the diagnosis starts when one frees. */
  public StatusDraft queued(String message) {
    conditions.set(RESOLVED, UNKNOWN, Reasons.QUEUED, "Waiting for a capture slot.");
    conditions.set(CAPTURED, UNKNOWN, Reasons.QUEUED, message);
    conditions.set(ANALYZED, UNKNOWN, Reasons.PENDING, "Waiting for the capture.");
    conditions.set(READY, FALSE, Reasons.QUEUED, message);
    return working(Reasons.QUEUED, message);
  }

  /** A new run is about to create its pod: its nonce is recorded first, so a restarted operator knows it. */
  public StatusDraft captureStarting(String nonce) {
    status.setCaptureNonce(nonce);
    status.setCapturePod(null);
    status.setCapturePodUid(null);
    return this;
  }

  /** The run's pod exists: its name and UID are recorded; only that pod's report will be accepted. */
  public StatusDraft captureStarted(String podName, String podUid, String node, String message) {
    if (status.getStartTime() == null) {
      status.setStartTime(now.toString());
    }
    if (status.getAttempt() == null) {
      status.setAttempt(1);
    }
    status.setCapturePod(podName);
    status.setCapturePodUid(podUid);
    conditions.set(RESOLVED, UNKNOWN, Reasons.CAPTURE_POD_CREATED, "The agent resolves the VM's path on node " + node + ".");
    conditions.set(CAPTURED, UNKNOWN, Reasons.CAPTURE_POD_CREATED, message);
    conditions.set(ANALYZED, UNKNOWN, Reasons.PENDING, "Waiting for the capture.");
    conditions.set(READY, FALSE, Reasons.IN_PROGRESS, message);
    return working(Reasons.CAPTURE_POD_CREATED, message);
  }

  public StatusDraft captureRunning(String message) {
    conditions.set(CAPTURED, UNKNOWN, Reasons.CAPTURE_RUNNING, message);
    conditions.set(READY, FALSE, Reasons.IN_PROGRESS, message);
    return working(Reasons.CAPTURE_RUNNING, message);
  }

  /**
   * A transient cause ended attempt {@code failed}; attempt {@code failed + 1} starts after {@code wait}. Ready
   * keeps the cause as its reason, Reconciling says a retry is under way, the attempt's pod is forgotten.
   */
  public StatusDraft retrying(String reason, String message, int failed, int maxAttempts, Duration wait) {
    status.setAttempt(failed + 1);
    status.setLastFailure(new AttemptFailure(failed, reason, message, now.toString()));
    status.setCapturePod(null);
    status.setCapturePodUid(null);
    status.setCaptureNonce(null);
    String next = "Attempt " + (failed + 1) + " of " + maxAttempts + " starts in " + wait.toSeconds() + "s.";
    conditions.set(CAPTURED, UNKNOWN, reason, message + " " + next);
    conditions.set(READY, FALSE, reason, message + " " + next);
    return working(Reasons.RETRYING, message + " " + next);
  }

  /** The capture could not run or report; resolution may or may not have happened. */
  public StatusDraft captureFailed(String reason, String message) {
    conditions.set(CAPTURED, FALSE, reason, message);
    conditions.set(ANALYZED, FALSE, reason, "Nothing to analyze: the capture failed.");
    conditions.set(READY, FALSE, reason, message);
    if (!TRUE.equals(statusOf(RESOLVED))) {
      conditions.set(RESOLVED, UNKNOWN, reason, "Unknown: the capture failed before the agent reported.");
    }
    return stalled(reason, message).finish();
  }

  /** The operator itself failed (API errors); nothing is final, JOSDK retries. */
  public StatusDraft reconcileFailed(String message) {
    conditions.set(READY, FALSE, Reasons.RECONCILE_FAILED, message);
    return working(Reasons.RECONCILE_FAILED, message);
  }

  /**
   * Final before anything was captured (an invalid spec, a policy denial, a target or path not resolved): Resolved
   * and Ready say why, Captured and Analyzed that nothing was, {@code because}.
   */
  public StatusDraft endedBeforeCapture(String reason, String message, String because) {
    conditions.set(RESOLVED, FALSE, reason, message);
    conditions.set(CAPTURED, FALSE, reason, "Nothing was captured: " + because + ".");
    conditions.set(ANALYZED, FALSE, reason, "Nothing was analyzed: " + because + ".");
    conditions.set(READY, FALSE, reason, message);
    return stalled(reason, message).finish();
  }

  /** The capture reported and the verdict is in. */
  public StatusDraft diagnosed(AgentReport report, Verdict verdict, CaptureRequest request, String message) {
    status.setPath(report.getPath());
    status.setProbes(report.getProbes());
    status.setWindow(report.getWindow());
    if (request.getPcapDirectory() != null) {
      // Where the files are is the operator's own word; what the agent pruned or could not write is the agent's.
      PcapLocation pcap = new PcapLocation(request.getNode(), request.getPcapDirectory());
      if (report.getPcap() != null) {
        pcap.setPrunedRuns(report.getPcap().getPrunedRuns());
        pcap.setPrunedBytes(report.getPcap().getPrunedBytes());
        pcap.setNotWritten(report.getPcap().getNotWritten());
      }
      status.setPcap(pcap);
    }
    status.setHops(report.getHops());
    status.setKernelDrops(report.getKernelDrops());
    status.setVerdict(verdict);
    conditions.set(RESOLVED, TRUE, Reasons.PATH_RESOLVED, describePath(report));
    boolean early = report.getWindow() != null && report.getWindow().isEndedEarly();
    conditions.set(CAPTURED, TRUE, Reasons.CAPTURE_COMPLETED, "Captured " + report.getHops().size()
        + " hops from " + report.getCaptureStartedAt() + " to " + report.getCaptureEndedAt()
        + (early ? ", ended early: " + report.getWindow().getReason() + "." : "."));
    conditions.set(ANALYZED, TRUE, Reasons.VERDICT_REACHED, verdict.getReason() + ": " + verdict.getSummary());
    conditions.set(READY, TRUE, Reasons.DIAGNOSED, message);
    conditions.remove(RECONCILING);
    conditions.remove(STALLED);
    return finish();
  }

  /** kstatus: the operator works on this generation. */
  private StatusDraft working(String reason, String message) {
    conditions.set(RECONCILING, TRUE, reason, message);
    conditions.remove(STALLED);
    return this;
  }

  /** kstatus: this generation ended without a verdict and stays so until the spec changes or it runs again. */
  private StatusDraft stalled(String reason, String message) {
    conditions.set(STALLED, TRUE, reason, message);
    conditions.remove(RECONCILING);
    return this;
  }

  public NetworkDiagnosisStatus build() {
    status.setConditions(conditions.toList());
    return status;
  }

  private StatusDraft finish() {
    status.setCapturePod(null);
    status.setCapturePodUid(null);
    status.setCaptureNonce(null);
    status.setCompletionTime(now.toString());
    return this;
  }

  private String statusOf(String type) {
    return conditions.toList().stream().filter(c -> type.equals(c.getType())).findFirst()
        .map(c -> c.getStatus()).orElse(UNKNOWN);
  }

  /** The hops, the NIC traced and why, and a link libvirt holds down: nothing else on the node shows that. */
  static String describePath(AgentReport report) {
    StringBuilder text = new StringBuilder("Path: ").append(describeHops(report));
    ResolvedPath path = report.getPath();
    if (path != null && path.getInterfaceSelection() != null) {
      text.append("; traced ").append(path.getInterfaceSelection());
    }
    text.append('.');
    if (path != null && "down".equals(path.getLinkState())) {
      text.append(" libvirt holds this NIC's link down (<link state='down'/>, virsh domif-setlink): the guest sees"
          + " no carrier while its tap on the node stays up.");
    }
    return text.toString();
  }

  private static String describeHops(AgentReport report) {
    if (report.getPath() == null || report.getPath().getHops() == null) {
      return "not reported";
    }
    List<String> hops = new ArrayList<>();
    report.getPath().getHops().forEach(h -> hops.add(h.getRole() + " " + h.getInterfaceName()));
    return String.join(" -> ", hops);
  }
}
