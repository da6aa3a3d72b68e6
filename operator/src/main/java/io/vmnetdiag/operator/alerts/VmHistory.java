package io.vmnetdiag.operator.alerts;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.status.StatusDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A VM's alert-started diagnoses, from the informer's cache plus those this receiver created and the cache has not
 * seen yet; and whether they forbid another. The API server stays the arbiter: names are deterministic per bucket.
 */
final class VmHistory {
  /** Informer index of alert-started diagnoses by namespace/VM hash. */
  static final String INDEX = "vm";
  /** How long a created diagnosis is remembered before the cache must have it. */
  private static final Duration REMEMBER = Duration.ofMinutes(5);

  private final Function<String, List<NetworkDiagnosis>> byIndex;
  private final Map<String, Remembered> createdHere = new ConcurrentHashMap<>();

  private record Remembered(String key, NetworkDiagnosis nd, Instant at) {
  }

  /** Why a VM gets no new diagnosis now, or null. */
  record Blocker(AlertOutcome outcome, String diagnosis, String message) {
  }

  /** @param byIndex the informers' lookup by {@link #key(String, String)} */
  VmHistory(Function<String, List<NetworkDiagnosis>> byIndex) {
    this.byIndex = byIndex;
  }

  static String key(String namespace, String vmHash) {
    return namespace + "/" + vmHash;
  }

  /** The index function the informers use. */
  static List<String> indexOf(NetworkDiagnosis nd) {
    Map<String, String> labels = nd.getMetadata().getLabels();
    String hash = labels == null ? null : labels.get(AlertDiagnoses.LABEL_VM);
    return hash == null ? List.of() : List.of(key(nd.getMetadata().getNamespace(), hash));
  }

  Blocker blocker(String key, AlertmanagerPayload.Alert alert, Duration cooldown, Instant now) {
    List<NetworkDiagnosis> earlier = earlier(key, now);
    for (NetworkDiagnosis nd : earlier) {
      Map<String, String> a = nd.getMetadata().getAnnotations();
      if (a != null && alert.fingerprint().equals(a.get(AlertDiagnoses.ANNOTATION_FINGERPRINT))
          && alert.startsAt().equals(a.get(AlertDiagnoses.ANNOTATION_STARTS_AT))) {
        return new Blocker(AlertOutcome.Duplicate, id(nd), "this alert already started " + id(nd));
      }
    }
    for (NetworkDiagnosis nd : earlier) {
      if (!StatusDraft.isFinished(nd)) {
        return new Blocker(AlertOutcome.Active, id(nd), id(nd) + " still runs for this VM");
      }
    }
    for (NetworkDiagnosis nd : earlier) {
      Instant created = created(nd, now);
      if (created.plus(cooldown).isAfter(now)) {
        return new Blocker(AlertOutcome.CoolingDown, id(nd), id(nd) + " was created at " + created
            + "; the trigger's cooldown of " + cooldown + " holds until " + created.plus(cooldown));
      }
    }
    return null;
  }

  void remember(String key, NetworkDiagnosis created, Instant now) {
    createdHere.put(id(created), new Remembered(key, created, now));
  }

  private List<NetworkDiagnosis> earlier(String key, Instant now) {
    List<NetworkDiagnosis> cached = byIndex.apply(key);
    List<NetworkDiagnosis> all = new ArrayList<>(cached);
    createdHere.values().removeIf(r -> r.at().plus(REMEMBER).isBefore(now)
        || cached.stream().anyMatch(nd -> id(nd).equals(id(r.nd()))));
    createdHere.values().stream().filter(r -> r.key().equals(key)).forEach(r -> all.add(r.nd()));
    return all;
  }

  private static Instant created(NetworkDiagnosis nd, Instant now) {
    String timestamp = nd.getMetadata().getCreationTimestamp();
    return timestamp == null ? now : Instant.parse(timestamp);
  }

  static String id(NetworkDiagnosis nd) {
    return nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName();
  }
}
