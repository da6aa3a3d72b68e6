package io.vmnetdiag.operator.alerts;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a checked payload into diagnoses: every firing alert against every trigger (live from the informer), all
 * labels checked before anything is created, then per VM: skip what an earlier diagnosis covers, take a token,
 * create under the bucket's deterministic name.
 */
final class AlertHandler {
  private static final Logger log = LoggerFactory.getLogger(AlertHandler.class);
  /** Alerts of one VM are handled one at a time on this replica; other replicas meet at the deterministic name. */
  private static final int LOCK_STRIPES = 64;

  private final KubernetesClient client;
  private final Supplier<List<DiagnosisTrigger>> triggers;
  private final VmHistory history;
  private final TokenBucket bucket;
  private final Clock clock;
  private final TriggerStatusWriter status;
  private final AlertMatchers matchers = new AlertMatchers();
  private final Object[] locks = new Object[LOCK_STRIPES];

  /** The handling of one payload: refused as a whole (422), or one result per alert and trigger. */
  record Handled(String refusal, List<AlertResult> results) {
    int httpStatus() {
      if (refusal != null) {
        return 422;
      }
      return results.stream().map(AlertResult::outcome).max((a, b) -> Integer.compare(a.rank(), b.rank()))
          .map(AlertOutcome::httpStatus).orElse(200);
    }
  }

  private record Planned(AlertmanagerPayload.Alert alert, DiagnosisTrigger trigger, AlertTargets.Mapped vm) {
  }

  AlertHandler(KubernetesClient client, Supplier<List<DiagnosisTrigger>> triggers, VmHistory history,
      TokenBucket bucket, Clock clock, TriggerStatusWriter status) {
    this.status = status;
    this.client = client;
    this.triggers = triggers;
    this.history = history;
    this.bucket = bucket;
    this.clock = clock;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  Handled handle(AlertmanagerPayload payload) {
    List<AlertResult> results = new ArrayList<>();
    List<Planned> planned = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<DiagnosisTrigger> all = triggers.get();
    for (AlertmanagerPayload.Alert alert : payload.alerts()) {
      if (!alert.firing()) {
        results.add(new AlertResult(alert.fingerprint(), AlertOutcome.Resolved, null, null, "resolved: nothing to start"));
        continue;
      }
      boolean matched = false;
      for (DiagnosisTrigger trigger : all) {
        if (!usable(trigger)) {
          continue; // the schema requires both; a trigger stored without them must not fail every alert
        }
        try {
          if (!matchers.matches(trigger.getSpec().getMatchers(), alert.labels())) {
            continue;
          }
        } catch (AlertMatchers.InvalidMatcher e) {
          AlertResult invalid = new AlertResult(alert.fingerprint(), AlertOutcome.InvalidTrigger, id(trigger), null,
              e.getMessage());
          results.add(invalid);
          status.handled(trigger, invalid);
          log.warn("DiagnosisTrigger {}: {}", id(trigger), e.getMessage());
          continue;
        }
        AlertTargets.Mapping mapping = AlertTargets.map(trigger, alert.labels());
        if (!(mapping instanceof AlertTargets.OtherNamespace)) {
          status.matched(trigger, alert);
        }
        if (mapping instanceof AlertTargets.Mapped vm) {
          matched = true;
          planned.add(new Planned(alert, trigger, vm));
        } else if (mapping instanceof AlertTargets.MissingLabels m) {
          String lacks = "alert " + alert.fingerprint() + " matches DiagnosisTrigger " + id(trigger)
              + " but lacks the label(s) " + String.join(", ", m.labels()) + " that name its VM";
          missing.add(lacks);
          status.refused(trigger, alert, TriggerTally.MISSING_LABELS, lacks);
        } // else another tenant's VM: not this trigger's business
      }
      if (!matched) {
        results.add(new AlertResult(alert.fingerprint(), AlertOutcome.NoTrigger, null, null,
            "no DiagnosisTrigger matches this alert"));
      }
    }
    if (!missing.isEmpty()) {
      return new Handled(String.join("; ", missing), List.of());
    }
    for (Planned p : planned) {
      AlertResult result = start(p);
      results.add(result);
      status.handled(p.trigger(), result);
    }
    return new Handled(null, results);
  }

  private AlertResult start(Planned p) {
    String namespace = p.trigger().getMetadata().getNamespace();
    String key = VmHistory.key(namespace, AlertDiagnoses.vmHash(p.vm().identity()));
    synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
      Instant now = clock.instant();
      Duration cooldown = Cooldowns.of(p.trigger().getSpec());
      VmHistory.Blocker blocker = history.blocker(key, p.alert(), cooldown, now);
      if (blocker != null) {
        return result(p, blocker.outcome(), blocker.diagnosis(), blocker.message());
      }
      if (!bucket.tryTake()) {
        return result(p, AlertOutcome.RateLimited, null, "the receiver's rate limit is exhausted; retry later");
      }
      NetworkDiagnosis nd = AlertDiagnoses.build(p.trigger(), p.alert(), p.vm(),
          AlertDiagnoses.name(p.vm(), now, cooldown));
      String id = VmHistory.id(nd);
      try {
        NetworkDiagnosis created = client.resource(nd).create();
        history.remember(key, created, now);
        log.info("NetworkDiagnosis {}: created for alert {} by DiagnosisTrigger {}", id, p.alert().fingerprint(),
            id(p.trigger()));
        return result(p, AlertOutcome.Created, id, "created " + p.vm().target().displayName());
      } catch (KubernetesClientException e) {
        return failure(p, id, e);
      }
    }
  }

  private static AlertResult failure(Planned p, String id, KubernetesClientException e) {
    String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : e.getMessage();
    int code = e.getCode();
    if (code == 409) {
      // Another replica, or an HA peer's delivery, created this bucket's diagnosis a moment ago.
      return result(p, AlertOutcome.Duplicate, id, id + " exists already");
    }
    if (code == 403 || code == 422 || code == 400) {
      log.warn("NetworkDiagnosis {}: refused for alert {} by DiagnosisTrigger {}: {}", id, p.alert().fingerprint(),
          id(p.trigger()), reason);
      return result(p, AlertOutcome.Refused, null, "the API server refused " + id + ": " + reason);
    }
    log.warn("NetworkDiagnosis {}: could not be created for alert {}: {}", id, p.alert().fingerprint(), reason);
    return result(p, AlertOutcome.Failed, null, "creating " + id + " failed (HTTP " + code + "): " + reason);
  }

  private static AlertResult result(Planned p, AlertOutcome outcome, String diagnosis, String message) {
    return new AlertResult(p.alert().fingerprint(), outcome, id(p.trigger()), diagnosis, message);
  }

  private static boolean usable(DiagnosisTrigger trigger) {
    return trigger.getSpec() != null && trigger.getSpec().getTarget() != null
        && (trigger.getSpec().getTarget().getKubevirt() != null) != (trigger.getSpec().getTarget().getLibvirt() != null);
  }

  private static String id(DiagnosisTrigger trigger) {
    return trigger.getMetadata().getNamespace() + "/" + trigger.getMetadata().getName();
  }
}
