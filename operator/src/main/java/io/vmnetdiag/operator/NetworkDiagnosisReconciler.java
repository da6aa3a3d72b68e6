package io.vmnetdiag.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.analysis.CaptureAnalysis;
import io.vmnetdiag.operator.capture.CapturePodMapper;
import io.vmnetdiag.operator.capture.CapturePodRemoval;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.operator.capture.CaptureRunCheck;
import io.vmnetdiag.operator.capture.CaptureStart;
import io.vmnetdiag.operator.capture.RunRequests;
import io.vmnetdiag.operator.events.DiagnosisEvents;
import io.vmnetdiag.operator.kubevirt.KubevirtResolution;
import io.vmnetdiag.operator.kubevirt.KubevirtTargets;
import io.vmnetdiag.operator.outcome.CaptureAttempts;
import io.vmnetdiag.operator.outcome.CaptureFailure;
import io.vmnetdiag.operator.outcome.CaptureObserver;
import io.vmnetdiag.operator.outcome.CaptureOutcome;
import io.vmnetdiag.operator.outcome.CaptureRetries;
import io.vmnetdiag.operator.outcome.ClusterReads;
import io.vmnetdiag.operator.outcome.DiagnosisOutcome;
import io.vmnetdiag.operator.outcome.NodeCheck;
import io.vmnetdiag.operator.outcome.OutcomeRecorder;
import io.vmnetdiag.operator.outcome.OutcomeStatus;
import io.vmnetdiag.operator.policy.PolicyDecision;
import io.vmnetdiag.operator.policy.PolicyGate;
import io.vmnetdiag.operator.policy.PolicyInformers;
import io.vmnetdiag.operator.rerun.FinishedRuns;
import io.vmnetdiag.operator.rerun.RerunRequests;
import io.vmnetdiag.operator.status.StatusDraft;
import io.vmnetdiag.operator.status.StatusObserver;
import io.vmnetdiag.operator.status.StatusWriter;
import io.vmnetdiag.operator.validation.SpecValidator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one NetworkDiagnosis through its steps: validate, wait for a capture slot, capture (in a pod on the VM's
 * node, in the capture namespace), analyze, clean up. Each step is idempotent and returns as soon as it must wait;
 * capture pod events wake it. All progress lives in the status, so a restarted operator continues where it
 * stopped. Each reconcile only decides which {@link DiagnosisOutcome} happened; {@link OutcomeRecorder} writes it
 * as outcome.OutcomeTable says. The finalizer (JOSDK's, as a {@link Cleaner}) removes the capture pod, which owner
 * references cannot do across namespaces.
 */
@ControllerConfiguration(name = NetworkDiagnosisReconciler.NAME)
public class NetworkDiagnosisReconciler implements Reconciler<NetworkDiagnosis>, Cleaner<NetworkDiagnosis> {
  public static final String NAME = "networkdiagnosis";
  private static final Logger log = LoggerFactory.getLogger(NetworkDiagnosisReconciler.class);
  /** Queued diagnoses are woken by capture pod events on their node; this is the safety net. */
  private static final Duration QUEUE_RECHECK = Duration.ofSeconds(30);

  private final OperatorSettings settings;
  private final SpecValidator validator = new SpecValidator();
  private final CaptureAnalysis analysis = new CaptureAnalysis();
  private final StatusWriter statusWriter;
  private final OutcomeRecorder outcomes;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final PolicyGate policyGate;
  private final RunRequests requests;
  private final FinishedRuns finishedRuns;
  private volatile CaptureStart captureStart;

  public NetworkDiagnosisReconciler(OperatorSettings settings, Clock clock) {
    this(settings, clock, StatusObserver.NONE);
  }

  /** @param statusObserver told of every status written (the metrics derive from them) */
  public NetworkDiagnosisReconciler(OperatorSettings settings, Clock clock, StatusObserver statusObserver) {
    this.settings = settings;
    this.statusWriter = new StatusWriter(statusObserver);
    this.clock = clock;
    this.outcomes = new OutcomeRecorder(statusWriter, new DiagnosisEvents(clock));
    this.finishedRuns = new FinishedRuns(outcomes);
    this.policyGate = new PolicyGate(settings.policyName());
    this.requests = new RunRequests(settings);
  }

  @Override
  public List<EventSource<?, NetworkDiagnosis>> prepareEventSources(EventSourceContext<NetworkDiagnosis> context) {
    var config = InformerEventSourceConfiguration.from(Pod.class, NetworkDiagnosis.class)
        .withNamespaces(Set.of(settings.captureNamespace()))
        .withFollowControllerNamespacesChanges(false)
        .withLabelSelector(CapturePods.SELECTOR)
        .withSecondaryToPrimaryMapper(new CapturePodMapper(context))
        .build();
    InformerEventSource<Pod, NetworkDiagnosis> capturePods = new InformerEventSource<>(config, context);
    captureStart = new CaptureStart(context.getClient(), settings,
        node -> capturePods.list(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName())));
    List<EventSource<?, NetworkDiagnosis>> sources = new ArrayList<>(
        List.of(capturePods, RerunRequests.eventSource(context)));
    sources.addAll(PolicyInformers.eventSources(context, settings.policyName()));
    return sources;
  }

  @Override
  public UpdateControl<NetworkDiagnosis> reconcile(NetworkDiagnosis nd, Context<NetworkDiagnosis> context) {
    Instant now = clock.instant();
    String podName = CapturePods.podName(nd);
    Optional<Pod> pod = currentPod(nd, context, podName);
    ownPods(nd, context).filter(p -> !podName.equals(p.getMetadata().getName())).forEach(p -> remove(context, p));

    if (StatusDraft.isFinished(nd)) {
      pod.ifPresent(p -> remove(context, p));
      return finishedRuns.act(nd, context, now); // a new run, deletion after its TTL, or nothing
    }

    List<String> problems = validator.validate(nd.getSpec());
    if (!problems.isEmpty()) {
      return conclude(nd, context, null, new DiagnosisOutcome.InvalidSpec(problems), now);
    }
    PolicyDecision decision = policyGate.decide(context, nd);
    if (!decision.allowed()) {
      return conclude(nd, context, null, new DiagnosisOutcome.PolicyDenied(decision.denial()), now);
    }
    KubevirtResolution.Resolved kubevirt = null;
    if (nd.getSpec().getTarget().getKubevirt() != null) {
      if (pod.isEmpty()) {
        // Resolved afresh before every start (a queued diagnosis too): a VMI that moved is never captured where it was.
        KubevirtResolution resolution = KubevirtTargets.resolve(context.getClient(), nd);
        if (resolution instanceof KubevirtResolution.Unresolved unresolved) {
          return conclude(nd, context, null,
              new DiagnosisOutcome.TargetUnresolved(unresolved.problem(), unresolved.message()), now);
        }
        kubevirt = (KubevirtResolution.Resolved) resolution;
      } else {
        // The run's pod holds the resolved VMI; what follows needs only its node.
        kubevirt = new KubevirtResolution.Resolved(null, pod.get().getSpec().getNodeName());
      }
    }

    if (pod.isEmpty()) {
      if (StatusDraft.runStarted(nd)) {
        // The operator deletes a run's pod only after writing its outcome: someone else deleted this one.
        return conclude(nd, context, null, new CaptureFailure.PodDeleted(nd.getStatus().getCapturePod()), now);
      }
      Duration backoff = CaptureRetries.backoffLeft(nd, settings.retry(), now);
      if (backoff != null) {
        return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(backoff);
      }
      return startCapture(nd, context, decision, kubevirt, podName, now);
    }
    String notOurs = CaptureRunCheck.podProblem(pod.get(), nd.getStatus());
    if (notOurs != null) {
      return conclude(nd, context, pod.get(), new CaptureFailure.PodNotOurs("Capture pod rejected: " + notOurs
          + ". Its report is not used; the pod is deleted. Re-create the diagnosis to capture again."), now);
    }
    String nonce = nd.getStatus().getCaptureNonce();
    CaptureRequest request = requests.of(context.getClient(), nd, decision, kubevirt, nonce);
    if (nd.getStatus().getCapturePodUid() == null) {
      // Ours by its nonce, but the operator stopped before recording it: record it, and go on from the cached status.
      outcomes.record(nd, context, new DiagnosisOutcome.CaptureStarted(podName, pod.get().getMetadata().getUid(),
          nonce, settings.captureNamespace(), request.getNode(), true), now);
      return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }
    CaptureOutcome outcome = CaptureObserver.observe(pod.get(),
        ClusterReads.node(context.getClient(), pod.get().getSpec().getNodeName()),
        () -> ClusterReads.podEvents(context.getClient(), pod.get()), now, requests.deadline(request),
        settings.retry().nodeNotReadyGrace());
    if (outcome instanceof CaptureOutcome.Waiting waiting) {
      return waitForCapture(nd, context, pod.get(), waiting, request, now);
    }
    if (outcome instanceof CaptureFailure failure) {
      return conclude(nd, context, pod.get(), failure, now);
    }
    return conclude(nd, context, pod.get(), analysis.analyze(context.getClient(), nd, pod.get(), request, now), now);
  }

  /** Removes this diagnosis' capture pods; the finalizer goes once none is left. */
  @Override
  public DeleteControl cleanup(NetworkDiagnosis nd, Context<NetworkDiagnosis> context) {
    // From the server, not the cache: a pod created an instant ago must not be missed and left behind.
    List<Pod> pods = context.getClient().pods().inNamespace(settings.captureNamespace())
        .withLabel(CapturePods.LABEL_DIAGNOSIS_UID, nd.getMetadata().getUid()).list().getItems();
    if (pods.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    log.info("NetworkDiagnosis {}/{}: deleted; removing capture pods {}", nd.getMetadata().getNamespace(),
        nd.getMetadata().getName(), pods.stream().map(p -> p.getMetadata().getName()).toList());
    pods.forEach(p -> remove(context, p));
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(CapturePodRemoval.KUBELET_SLACK.toMillis());
  }

  /** After retries are exhausted: say so in the status, without a stack trace, and keep retrying later. */
  @Override
  public ErrorStatusUpdateControl<NetworkDiagnosis> updateErrorStatus(NetworkDiagnosis nd,
      Context<NetworkDiagnosis> context, Exception e) {
    log.warn("NetworkDiagnosis {}/{}: reconcile failed: {}", nd.getMetadata().getNamespace(),
        nd.getMetadata().getName(), e.toString());
    nd.setStatus(OutcomeStatus.of(nd, new DiagnosisOutcome.OperatorError(DiagnosisOutcome.describe(e)),
        clock.instant()).orElseThrow());
    return ErrorStatusUpdateControl.patchStatus(nd);
  }

  /** Waits for a slot, records a fresh nonce, creates the pod, records its UID. */
  private UpdateControl<NetworkDiagnosis> startCapture(NetworkDiagnosis nd, Context<NetworkDiagnosis> context,
      PolicyDecision decision, KubevirtResolution.Resolved kubevirt, String podName, Instant now) {
    String nonce = HexFormat.of().formatHex(randomBytes());
    CaptureRequest request = requests.of(context.getClient(), nd, decision, kubevirt, nonce);
    CaptureFailure nodeProblem = NodeCheck.beforeStart(request.getNode(),
        ClusterReads.node(context.getClient(), request.getNode()));
    if (nodeProblem != null) {
      return conclude(nd, context, null, nodeProblem, now);
    }
    CaptureStart.Result result = captureStart.start(nd, request,
        () -> statusWriter.write(nd, StatusDraft.from(nd, now).captureStarting(nonce).build(), context));
    if (result instanceof CaptureStart.NameTaken taken) {
      return conclude(nd, context, taken.squatter(), new CaptureFailure.PodNotOurs(taken.message()), now);
    }
    if (result instanceof CaptureStart.Refused refused) {
      // Final: retrying cannot help until the administrator fixes the capture namespace.
      return conclude(nd, context, null, new CaptureFailure.PodRejected(refused.message()), now);
    }
    if (result instanceof CaptureStart.Queued queued) {
      outcomes.record(nd, context, new DiagnosisOutcome.Queued(queued.reason(), StatusDraft.isQueued(nd)), now);
      return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(QUEUE_RECHECK);
    }
    Pod created = ((CaptureStart.Started) result).pod();
    outcomes.record(nd, context, new DiagnosisOutcome.CaptureStarted(podName, created.getMetadata().getUid(), nonce,
        settings.captureNamespace(), request.getNode(), false), now);
    return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(requests.deadline(request));
  }

  /**
   * Hands an outcome to the one place that writes it. A capture failure first becomes what {@link CaptureAttempts}
   * says: final at once, or a transient cause's next attempt after a backoff, or, with none left, the end.
   *
   * @param pod the run's pod, removed once the outcome is written; null when there is none
   */
  private UpdateControl<NetworkDiagnosis> conclude(NetworkDiagnosis nd, Context<NetworkDiagnosis> context, Pod pod,
      DiagnosisOutcome outcome, Instant now) {
    DiagnosisOutcome decided = outcome instanceof CaptureFailure failure
        ? CaptureAttempts.end(failure, CapturePods.attempt(nd), settings.retry()) : outcome;
    outcomes.record(nd, context, decided, pod, now);
    return decided instanceof DiagnosisOutcome.Retrying retrying
        ? UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(retrying.backoff()) : UpdateControl.noUpdate();
  }

  /** Nothing decided yet: look again when the deadline passes, or sooner for what no pod event announces. */
  private UpdateControl<NetworkDiagnosis> waitForCapture(NetworkDiagnosis nd, Context<NetworkDiagnosis> context,
      Pod pod, CaptureOutcome.Waiting waiting, CaptureRequest request, Instant now) {
    if (waiting.running()) {
      outcomes.record(nd, context, new DiagnosisOutcome.CaptureRunning(pod.getMetadata().getName()), now);
    }
    // Counted from the pod's creation, which survives an operator that stopped before writing the status.
    Instant giveUp = Instant.parse(pod.getMetadata().getCreationTimestamp()).plus(requests.deadline(request));
    Duration left = Duration.between(now, giveUp).plusSeconds(1);
    // A node going NotReady, or a volume failing to mount (only an event says so), changes nothing on the pod.
    Duration recheck = waiting.running() ? settings.retry().nodeNotReadyGrace() : settings.retry().pendingRecheck();
    return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(left.compareTo(recheck) < 0 ? left : recheck);
  }

  /**
   * This generation's pod: from the cache, or from the server when the status says a run started (the cache may
   * not have seen a pod created an instant ago, and starting over would meet it as a stranger).
   */
  private Optional<Pod> currentPod(NetworkDiagnosis nd, Context<NetworkDiagnosis> context, String podName) {
    Optional<Pod> cached = ownPods(nd, context).filter(p -> podName.equals(p.getMetadata().getName())).findFirst();
    if (cached.isPresent() || nd.getStatus() == null || nd.getStatus().getCaptureNonce() == null
        || StatusDraft.isFinished(nd)) {
      return cached;
    }
    return Optional.ofNullable(context.getClient().pods().inNamespace(settings.captureNamespace())
        .withName(podName).get());
  }

  /** Pods labelled with this diagnosis' UID: the pod mapper also links other pods on its node to a queued one. */
  private static Stream<Pod> ownPods(NetworkDiagnosis nd, Context<NetworkDiagnosis> context) {
    return context.getSecondaryResourcesAsStream(Pod.class).filter(p -> CapturePods.belongsTo(p, nd));
  }

  private void remove(Context<NetworkDiagnosis> context, Pod pod) {
    CapturePodRemoval.remove(context.getClient(), pod, clock.instant());
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return bytes;
  }
}
