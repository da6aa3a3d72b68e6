package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.vmnetdiag.api.crd.SchemaMerge;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the operator found. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Conditions are a list-map keyed by type, as metav1.Condition lists are: one entry per type, and server-side
// apply merges them by type. No annotation says so for a field.
@SchemaCustomizer(value = SchemaMerge.class, input = """
    {"properties": {"conditions": {"x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"]}}}""")
public class NetworkDiagnosisStatus {
  /** Most past runs kept in {@link #history}; the schema's bound too. */
  public static final int MAX_HISTORY = 10;

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("The target as one short name, for printing.")
  private String targetName;

  @JsonPropertyDescription("Ready plus one condition per stage (Resolved, Captured, Analyzed), each with a CamelCase reason and a message; and, as kstatus defines them (present only while True), Reconciling while the operator works and Stalled when it ended without a verdict.")
  private List<DiagnosisCondition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The capture attempt of the observed generation, from 1. A transient failure (eviction, node NotReady, capture pod deleted) starts another after a backoff, up to the operator's limit.")
  private Integer attempt;

  @JsonPropertyDescription("Why the previous attempt ended, when a transient failure started another.")
  private AttemptFailure lastFailure;

  @JsonPropertyDescription("Name of the capture pod of the current attempt, while it exists.")
  private String capturePod;

  @JsonPropertyDescription("UID of the capture pod the operator created for the current attempt: only that pod's report is accepted.")
  private String capturePodUid;

  @JsonPropertyDescription("Random value of the current attempt, written before its capture pod is created; the report must echo it. It proves freshness only (the capture pod's UID is what binds the report to this run).")
  private String captureNonce;

  @JsonPropertyDescription("The VM's network path as resolved on its node.")
  private ResolvedPath path;

  @JsonPropertyDescription("What each hop of the path saw during the capture window, in path order.")
  private List<HopObservation> hops = new ArrayList<>();

  @JsonPropertyDescription("The capture window as it ran, and why it ended early if the evidence was conclusive before its end.")
  private CaptureWindowReport window;

  @JsonPropertyDescription("The kernel's drop reasons counted on the node during the window, or why they could not be; those not tied to a hop.")
  private KernelDrops kernelDrops;

  @JsonPropertyDescription("The active probes sent towards the VM during the capture, if any.")
  private ProbeReport probes;

  @JsonPropertyDescription("Where the pcap files of this diagnosis are kept, when enabled.")
  private PcapLocation pcap;

  @JsonPropertyDescription("Where packets are lost, why, and the evidence.")
  private Verdict verdict;

  @JsonPropertyDescription("The run of the observed generation this status describes: 1 for the first, one more for"
      + " each re-run (schedule or vmnetdiag.io/rerun annotation). Absent means 1.")
  private Long run;

  @JsonPropertyDescription("The value of the vmnetdiag.io/rerun annotation already acted on: a different value re-runs"
      + " the finished diagnosis.")
  private String rerunRequest;

  @Size(max = MAX_HISTORY)
  @JsonPropertyDescription("Earlier runs' outcomes, newest first, at most 10: what each run before the current one"
      + " found (re-runs, scheduled runs, and the last run of each earlier generation).")
  private List<PastRun> history;

  @JsonPropertyDescription("When the diagnosis of the observed generation started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the diagnosis of the observed generation completed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("The DiagnosisTrigger and the Alertmanager alert that created this diagnosis, if one did.")
  private TriggerReference trigger;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public String getTargetName() { return targetName; }
  public void setTargetName(String targetName) { this.targetName = targetName; }
  public List<DiagnosisCondition> getConditions() { return conditions; }
  public void setConditions(List<DiagnosisCondition> conditions) { this.conditions = conditions; }
  public Integer getAttempt() { return attempt; }
  public void setAttempt(Integer attempt) { this.attempt = attempt; }
  public AttemptFailure getLastFailure() { return lastFailure; }
  public void setLastFailure(AttemptFailure lastFailure) { this.lastFailure = lastFailure; }
  public String getCapturePod() { return capturePod; }
  public void setCapturePod(String capturePod) { this.capturePod = capturePod; }
  public String getCapturePodUid() { return capturePodUid; }
  public void setCapturePodUid(String capturePodUid) { this.capturePodUid = capturePodUid; }
  public String getCaptureNonce() { return captureNonce; }
  public void setCaptureNonce(String captureNonce) { this.captureNonce = captureNonce; }
  public ResolvedPath getPath() { return path; }
  public void setPath(ResolvedPath path) { this.path = path; }
  public List<HopObservation> getHops() { return hops; }
  public void setHops(List<HopObservation> hops) { this.hops = hops; }
  public Verdict getVerdict() { return verdict; }
  public void setVerdict(Verdict verdict) { this.verdict = verdict; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getCompletionTime() { return completionTime; }
  public void setCompletionTime(String completionTime) { this.completionTime = completionTime; }
  public CaptureWindowReport getWindow() { return window; }
  public void setWindow(CaptureWindowReport window) { this.window = window; }
  public ProbeReport getProbes() { return probes; }
  public void setProbes(ProbeReport probes) { this.probes = probes; }
  public KernelDrops getKernelDrops() { return kernelDrops; }
  public void setKernelDrops(KernelDrops kernelDrops) { this.kernelDrops = kernelDrops; }
  public Long getRun() { return run; }
  public void setRun(Long run) { this.run = run; }
  public String getRerunRequest() { return rerunRequest; }
  public void setRerunRequest(String rerunRequest) { this.rerunRequest = rerunRequest; }
  public List<PastRun> getHistory() { return history; }
  public void setHistory(List<PastRun> history) { this.history = history; }
  public PcapLocation getPcap() { return pcap; }
  public void setPcap(PcapLocation pcap) { this.pcap = pcap; }
  public TriggerReference getTrigger() { return trigger; }
  public void setTrigger(TriggerReference trigger) { this.trigger = trigger; }
}
