package io.vmnetdiag.operator.alerts;

import io.vmnetdiag.api.v1alpha1.TriggerAlert;
import io.vmnetdiag.api.v1alpha1.TriggerRefusal;
import io.vmnetdiag.operator.events.EventReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one trigger did since its status was last written, and the events it owes: alerts add here at any rate, the
 * {@link TriggerStatusWriter} drains it at most once per flush interval.
 */
final class TriggerActivity {
  /** The activity taken for one status write; given back when the write fails. */
  record Drained(long[] counts, TriggerAlert lastAlert, String lastDiagnosis, TriggerRefusal lastRefusal) {
    static final Drained NONE = new Drained(new long[TriggerTally.values().length], null, null, null);
  }

  /** One event to record: the latest message, and how many occurrences it stands for. */
  record DueEvent(EventReason reason, String message, long occurrences) {
  }

  /** Occurrences of one event reason not yet told, and when it was last told (monotonic nanos). */
  private static final class Aggregate {
    long count;
    String message;
    Long lastTold;
  }

  private final long[] counts = new long[TriggerTally.values().length];
  private final Map<EventReason, Aggregate> events = new EnumMap<>(EventReason.class);
  private TriggerAlert lastAlert;
  private String lastDiagnosis;
  private TriggerRefusal lastRefusal;

  synchronized void matched(TriggerAlert alert) {
    lastAlert = alert;
  }

  synchronized void tally(TriggerTally tally, String diagnosis, TriggerRefusal refusal, String eventMessage) {
    counts[tally.ordinal()]++;
    if (diagnosis != null && tally == TriggerTally.Created) {
      lastDiagnosis = diagnosis;
    }
    if (refusal != null) {
      lastRefusal = refusal;
    }
    if (tally.event() != null) {
      Aggregate aggregate = events.computeIfAbsent(tally.event(), r -> new Aggregate());
      aggregate.count++;
      aggregate.message = eventMessage;
    }
  }

  synchronized Drained drain() {
    Drained drained = new Drained(counts.clone(), lastAlert, lastDiagnosis, lastRefusal);
    java.util.Arrays.fill(counts, 0);
    lastAlert = null;
    lastDiagnosis = null;
    lastRefusal = null;
    return drained;
  }

  /** Gives back what a failed write took; anything newer that arrived meanwhile wins. */
  synchronized void restore(Drained drained) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += drained.counts()[i];
    }
    lastAlert = lastAlert != null ? lastAlert : drained.lastAlert();
    lastDiagnosis = lastDiagnosis != null ? lastDiagnosis : drained.lastDiagnosis();
    lastRefusal = lastRefusal != null ? lastRefusal : drained.lastRefusal();
  }

  /** The events due now: each reason at most once per interval, standing for every occurrence since it was told. */
  synchronized List<DueEvent> dueEvents(long nowNanos, long intervalNanos) {
    List<DueEvent> due = new ArrayList<>();
    events.forEach((reason, aggregate) -> {
      if (aggregate.count > 0 && (aggregate.lastTold == null || nowNanos - aggregate.lastTold >= intervalNanos)) {
        due.add(new DueEvent(reason, aggregate.message, aggregate.count));
        aggregate.count = 0;
        aggregate.lastTold = nowNanos;
      }
    });
    return due;
  }

  /** Whether some occurrence still waits for its event (the interval has not passed). */
  synchronized boolean owesEvents() {
    return events.values().stream().anyMatch(a -> a.count > 0);
  }

  synchronized boolean hasNews() {
    return lastAlert != null || java.util.Arrays.stream(counts).anyMatch(c -> c > 0);
  }
}
