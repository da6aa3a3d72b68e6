package io.vmnetdiag.operator.alerts;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.DiagnosisTriggerStatus;
import io.vmnetdiag.api.v1alpha1.TriggerAlert;
import io.vmnetdiag.api.v1alpha1.TriggerRefusal;
import io.vmnetdiag.operator.events.DiagnosisEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes DiagnosisTrigger status, coalesced: alerts and informer changes only mark a trigger; once per
 * {@link #FLUSH_INTERVAL} each marked trigger gets at most one status write with the latest figures, and each event
 * reason at most one event per {@link #EVENT_INTERVAL}. So an alert storm costs a few writes per trigger, not one per
 * alert. Counts are added to the status the informer holds, under its resourceVersion: a write that lost a race
 * (another replica's) gives its activity back and is retried on the next flush, so counts add up across replicas.
 */
public final class TriggerStatusWriter implements AutoCloseable {
  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
  static final Duration EVENT_INTERVAL = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(TriggerStatusWriter.class);

  private final KubernetesClient client;
  private final Function<String, DiagnosisTrigger> triggers;
  private final Clock clock;
  private final LongSupplier nanos;
  private final DiagnosisEvents events;
  private final Map<String, TriggerActivity> activities = new ConcurrentHashMap<>();
  private final Set<String> marked = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "trigger-status");
    thread.setDaemon(true);
    return thread;
  });

  /** @param triggers a trigger by its key (namespace/name), from the informers' cache; null when gone */
  TriggerStatusWriter(KubernetesClient client, Function<String, DiagnosisTrigger> triggers, Clock clock,
      LongSupplier nanos) {
    this.client = client;
    this.triggers = triggers;
    this.clock = clock;
    this.nanos = nanos;
    this.events = new DiagnosisEvents(clock);
  }

  TriggerStatusWriter start() {
    long period = FLUSH_INTERVAL.toMillis();
    timer.scheduleWithFixedDelay(this::flushQuietly, period, period, TimeUnit.MILLISECONDS);
    return this;
  }

  static String key(DiagnosisTrigger trigger) {
    return trigger.getMetadata().getNamespace() + "/" + trigger.getMetadata().getName();
  }

  /** A trigger was added or changed: its conditions are judged again on the next flush. */
  void changed(DiagnosisTrigger trigger) {
    marked.add(key(trigger));
  }

  void deleted(DiagnosisTrigger trigger) {
    activities.remove(key(trigger));
    marked.remove(key(trigger));
  }

  void matched(DiagnosisTrigger trigger, AlertmanagerPayload.Alert alert) {
    activity(trigger).matched(new TriggerAlert(alert.fingerprint(), alert.startsAt(), clock.instant().toString()));
  }

  /** One matched alert's outcome. */
  void handled(DiagnosisTrigger trigger, AlertResult result) {
    TriggerTally tally = TriggerTally.of(result.outcome());
    if (tally == null) {
      return;
    }
    String diagnosis = result.diagnosis() == null ? null
        : result.diagnosis().substring(result.diagnosis().lastIndexOf('/') + 1);
    TriggerRefusal refusal = tally == TriggerTally.Refused
        ? new TriggerRefusal(result.outcome().name(), result.message(), result.fingerprint(), clock.instant().toString())
        : null;
    String message = tally == TriggerTally.Created
        ? "created NetworkDiagnosis " + diagnosis + " for alert " + result.fingerprint()
        : result.outcome().name() + ": alert " + result.fingerprint() + ": " + result.message();
    activity(trigger).tally(tally, diagnosis, refusal, message);
    marked.add(key(trigger));
  }

  /** A matched alert refused without an AlertOutcome of its own (it lacks its VM's labels). */
  void refused(DiagnosisTrigger trigger, AlertmanagerPayload.Alert alert, String reason, String message) {
    TriggerRefusal refusal = new TriggerRefusal(reason, message, alert.fingerprint(), clock.instant().toString());
    activity(trigger).tally(TriggerTally.Refused, null, refusal, reason + ": " + message);
    marked.add(key(trigger));
  }

  private TriggerActivity activity(DiagnosisTrigger trigger) {
    marked.add(key(trigger));
    return activities.computeIfAbsent(key(trigger), k -> new TriggerActivity());
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("DiagnosisTrigger status: {}", e.toString()); // the next flush tries again
    }
  }

  /** Writes every marked trigger's status (if it changed) and its due events. */
  void flush() {
    for (String key : Set.copyOf(marked)) {
      marked.remove(key);
      DiagnosisTrigger trigger = triggers.apply(key);
      if (trigger == null) {
        activities.remove(key);
        continue;
      }
      TriggerActivity activity = activities.get(key);
      TriggerActivity.Drained drained = activity == null ? TriggerActivity.Drained.NONE : activity.drain();
      if (!write(trigger, drained)) {
        if (activity != null) {
          activity.restore(drained);
        }
        marked.add(key);
      }
      if (activity != null) {
        for (TriggerActivity.DueEvent event : activity.dueEvents(nanos.getAsLong(), EVENT_INTERVAL.toNanos())) {
          String message = event.occurrences() == 1 ? event.message()
              : event.message() + " (the latest of " + event.occurrences() + " since the last such event)";
          events.record(client, trigger, event.reason(), message);
        }
        if (activity.owesEvents()) {
          marked.add(key);
        }
      }
    }
  }

  /** True when the status is written or needs no write; false when it must be tried again. */
  private boolean write(DiagnosisTrigger trigger, TriggerActivity.Drained drained) {
    DiagnosisTriggerStatus next = TriggerStatuses.next(trigger, TriggerValidation.check(trigger), drained,
        clock.instant());
    var serialization = client.getKubernetesSerialization();
    if (trigger.getStatus() != null && serialization.asJson(trigger.getStatus()).equals(serialization.asJson(next))) {
      return true;
    }
    DiagnosisTrigger updated = serialization.clone(trigger); // the cached object is shared
    updated.setStatus(next);
    try {
      client.resource(updated).updateStatus();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return true; // deleted meanwhile
      }
      if (e.getCode() == 409) {
        return false; // the informer has not seen our last write, or another replica wrote: the next flush
      }
      // Not retried in a loop: the trigger's next change or alert tries again.
      log.warn("DiagnosisTrigger {}: cannot write its status: {}", key(trigger), e.getMessage());
      return true;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
