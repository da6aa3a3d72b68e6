package io.vmnetdiag.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.diagnosis.VerdictEngine;
import io.vmnetdiag.operator.capture.CapturePodFactory;
import io.vmnetdiag.operator.capture.CapturePodOutcome;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.operator.capture.CaptureReportReader;
import io.vmnetdiag.operator.capture.CaptureRequests;
import io.vmnetdiag.operator.events.DiagnosisEvents;
import io.vmnetdiag.operator.events.EventReason;
import io.vmnetdiag.operator.libvirt.NodeLibvirtUri;
import io.vmnetdiag.operator.policy.PolicyDecision;
import io.vmnetdiag.operator.policy.PolicyGate;
import io.vmnetdiag.operator.status.Reasons;
import io.vmnetdiag.operator.status.StatusDraft;
import io.vmnetdiag.operator.status.StatusWriter;
import io.vmnetdiag.operator.validation.SpecValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one NetworkDiagnosis through its steps: validate, capture (in a pod on the VM's node), analyze,
 * clean up. Each step is idempotent and returns as soon as it must wait; capture pod events wake it.
 * All progress lives in the status, so a restarted operator continues where it stopped.
 */
@ControllerConfiguration(name = NetworkDiagnosisReconciler.NAME)
public class NetworkDiagnosisReconciler implements Reconciler<NetworkDiagnosis> {
  public static final String NAME = "networkdiagnosis";
  private static final Logger log = LoggerFactory.getLogger(NetworkDiagnosisReconciler.class);
  /**
   * Slack on top of the pod's own deadline (which the kubelet enforces) before the operator gives up on a
   * pod that no kubelet acts on, such as one bound to a node that is gone.
   */
  private static final Duration DEADLINE_SLACK = Duration.ofSeconds(10);

  private final OperatorSettings settings;
  private final CapturePodFactory podFactory;
  private final CaptureReportReader reportReader = new CaptureReportReader();
  private final SpecValidator validator = new SpecValidator();
  private final VerdictEngine verdictEngine = new VerdictEngine();
  private final StatusWriter statusWriter = new StatusWriter();
  private final DiagnosisEvents events;
  private final Clock clock;
  private final PolicyGate policyGate;
  private final NodeLibvirtUri libvirtUri;

  public NetworkDiagnosisReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.podFactory = new CapturePodFactory(settings);
    this.clock = clock;
    this.events = new DiagnosisEvents(clock);
    this.policyGate = new PolicyGate(settings.policyName());
    this.libvirtUri = new NodeLibvirtUri(settings.libvirtUris());
  }

  @Override
  public List<EventSource<?, NetworkDiagnosis>> prepareEventSources(EventSourceContext<NetworkDiagnosis> context) {
    var config = InformerEventSourceConfiguration.from(Pod.class, NetworkDiagnosis.class)
        .withLabelSelector(CapturePods.SELECTOR)
        .build();
    return List.of(new InformerEventSource<>(config, context));
  }

  @Override
  public UpdateControl<NetworkDiagnosis> reconcile(NetworkDiagnosis nd, Context<NetworkDiagnosis> context) {
    String id = nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName();
    Instant now = clock.instant();
    String podName = CapturePods.podName(nd);
    Optional<Pod> pod = context.getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> podName.equals(p.getMetadata().getName()))
        .findFirst();
    deleteStalePods(context, podName);

    if (StatusDraft.isFinished(nd)) {
      pod.ifPresent(p -> deletePod(context, p));
      return UpdateControl.noUpdate();
    }

    List<String> problems = validator.validate(nd.getSpec());
    if (!problems.isEmpty()) {
      log.info("NetworkDiagnosis {}: invalid spec: {}", id, problems);
      statusWriter.write(nd, StatusDraft.from(nd, now).invalidSpec(problems).build(), context);
      events.record(context.getClient(), nd, EventReason.InvalidSpec, String.join("; ", problems));
      return UpdateControl.noUpdate();
    }
    PolicyDecision decision = policyGate.decide(context.getClient(), nd);
    if (!decision.allowed()) {
      log.info("NetworkDiagnosis {}: denied by policy: {}", id, decision.denial());
      statusWriter.write(nd, StatusDraft.from(nd, now).policyDenied(decision.denial()).build(), context);
      events.record(context.getClient(), nd, EventReason.PolicyDenied, decision.denial());
      return UpdateControl.noUpdate();
    }
    if (nd.getSpec().getTarget().getKubevirt() != null) {
      String message = "KubeVirt targets are not supported yet; name a libvirt domain in spec.target.libvirt.";
      statusWriter.write(nd, StatusDraft.from(nd, now).notYetSupported(message).build(), context);
      events.record(context.getClient(), nd, EventReason.NotYetSupported, message);
      return UpdateControl.noUpdate();
    }

    CaptureRequest request = CaptureRequests.forLibvirt(nd, settings.pcapHostDirectory());
    decision.applyTo(request);
    request.setUri(libvirtUri.of(context.getClient(), request.getNode()));
    if (pod.isEmpty()) {
      Pod created;
      try {
        created = context.getClient().resource(podFactory.build(nd, request)).create();
      } catch (KubernetesClientException e) {
        if (!rejectedByPodSecurity(e)) {
          throw e;
        }
        // Final: retrying cannot help until the namespace's Pod Security level changes.
        String message = "Pod Security admission rejected capture pod " + podName + ": " + e.getStatus().getMessage()
            + ". Capture pods need hostNetwork, NET_RAW and NET_ADMIN: label namespace "
            + nd.getMetadata().getNamespace() + " pod-security.kubernetes.io/enforce=privileged, then re-create"
            + " the diagnosis.";
        log.info("NetworkDiagnosis {}: {}", id, message);
        statusWriter.write(nd, StatusDraft.from(nd, now).captureFailed(Reasons.CAPTURE_POD_REJECTED, message).build(),
            context);
        events.record(context.getClient(), nd, EventReason.CaptureFailed, message);
        return UpdateControl.noUpdate();
      }
      log.info("NetworkDiagnosis {}: created capture pod {} on node {}", id, podName, request.getNode());
      StatusDraft draft = StatusDraft.from(nd, now).captureStarted(created.getMetadata().getName(), request.getNode());
      statusWriter.write(nd, draft.build(), context);
      events.record(context.getClient(), nd, EventReason.CapturePodCreated,
          "Capture pod " + podName + " created on node " + request.getNode() + ".");
      return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(deadline(request));
    }

    CapturePodOutcome outcome = CapturePodOutcome.of(pod.get());
    if (!outcome.finished()) {
      return waitForCapture(nd, context, pod.get(), request, now);
    }
    StatusDraft draft = StatusDraft.from(nd, now);
    EventReason event;
    String eventMessage;
    try {
      AgentReport report = reportReader.read(context.getClient(), pod.get(), outcome);
      if (report.getFailure() != null) {
        log.info("NetworkDiagnosis {}: agent could not resolve the path: {}", id, report.getFailure().getMessage());
        draft.resolutionFailed(report.getFailure().getReason(), report.getFailure().getMessage());
        event = EventReason.PathUnresolved;
        eventMessage = report.getFailure().getReason() + ": " + report.getFailure().getMessage();
      } else {
        var verdict = verdictEngine.decide(report.getPath(), report.getHops(), report.getProbes());
        log.info("NetworkDiagnosis {}: verdict {} at {}", id, verdict.getReason(), verdict.getLocation());
        draft.diagnosed(report, verdict, request);
        event = EventReason.Diagnosed;
        eventMessage = verdict.getReason() + " at " + verdict.getLocation() + ": " + verdict.getSummary();
      }
    } catch (ReportCodec.ReportException e) {
      log.warn("NetworkDiagnosis {}: no report: {}", id, e.getMessage());
      draft.captureFailed(Reasons.REPORT_UNREADABLE, e.getMessage());
      event = EventReason.CaptureFailed;
      eventMessage = e.getMessage();
    }
    // The status is written before the pod goes: the pod holds the only copy of the report until then.
    statusWriter.write(nd, draft.build(), context);
    events.record(context.getClient(), nd, event, eventMessage);
    deletePod(context, pod.get());
    return UpdateControl.noUpdate();
  }

  /** After retries are exhausted: say so in the status, without a stack trace, and keep retrying later. */
  @Override
  public ErrorStatusUpdateControl<NetworkDiagnosis> updateErrorStatus(NetworkDiagnosis nd,
      Context<NetworkDiagnosis> context, Exception e) {
    log.warn("NetworkDiagnosis {}/{}: reconcile failed: {}", nd.getMetadata().getNamespace(),
        nd.getMetadata().getName(), e.toString());
    nd.setStatus(StatusDraft.from(nd, clock.instant()).reconcileFailed(
        "The operator could not act on this diagnosis and will retry: " + describe(e)).build());
    return ErrorStatusUpdateControl.patchStatus(nd);
  }

  /** A 403 from the PodSecurity admission plugin (its message says "violates PodSecurity"), not from RBAC. */
  private static boolean rejectedByPodSecurity(KubernetesClientException e) {
    return e.getCode() == 403 && e.getStatus() != null && e.getStatus().getMessage() != null
        && e.getStatus().getMessage().contains("violates PodSecurity");
  }

  private static String describe(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() <= 300 ? message : message.substring(0, 300) + "...";
  }

  private UpdateControl<NetworkDiagnosis> waitForCapture(NetworkDiagnosis nd, Context<NetworkDiagnosis> context,
      Pod pod, CaptureRequest request, Instant now) {
    Instant started = nd.getStatus() != null && nd.getStatus().getStartTime() != null
        ? Instant.parse(nd.getStatus().getStartTime()) : now;
    Instant giveUp = started.plus(deadline(request));
    if (now.isAfter(giveUp)) {
      String message = "Capture pod " + pod.getMetadata().getName() + " did not finish within "
          + deadline(request).toSeconds() + "s (is node " + request.getNode() + " up and the image pullable?).";
      statusWriter.write(nd, StatusDraft.from(nd, now).captureFailed(Reasons.CAPTURE_TIMED_OUT, message).build(),
          context);
      events.record(context.getClient(), nd, EventReason.CaptureFailed, message);
      deletePod(context, pod);
      return UpdateControl.noUpdate();
    }
    if ("Running".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
      statusWriter.write(nd, StatusDraft.from(nd, now).captureRunning(pod.getMetadata().getName()).build(), context);
    }
    return UpdateControl.<NetworkDiagnosis>noUpdate().rescheduleAfter(Duration.between(now, giveUp).plusSeconds(1));
  }

  private Duration deadline(CaptureRequest request) {
    return Duration.ofSeconds(request.getDurationSeconds()).plus(settings.startupGrace()).plus(DEADLINE_SLACK);
  }

  /** Pods of earlier generations: their results describe a spec that no longer exists. */
  private void deleteStalePods(Context<NetworkDiagnosis> context, String currentPod) {
    context.getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> !currentPod.equals(p.getMetadata().getName()))
        .forEach(p -> deletePod(context, p));
  }

  private static void deletePod(Context<NetworkDiagnosis> context, Pod pod) {
    context.getClient().pods().inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName()).delete();
  }
}
