package io.vmnetdiag.operator.alerts;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses and checks a webhook body: either a payload every later step may trust, or the reasons it is refused. */
final class PayloadReader {
  private static final Set<String> STATUSES = Set.of(AlertmanagerPayload.FIRING, AlertmanagerPayload.RESOLVED);
  private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The outcome of reading a body. */
  sealed interface Read permits Accepted, Refused {
  }

  record Accepted(AlertmanagerPayload payload) implements Read {
  }

  /** A body this receiver will never accept, however often it is sent: a 400. */
  record Refused(String reason) implements Read {
  }

  Read read(byte[] body) {
    AlertmanagerPayload payload;
    try {
      payload = json.readValue(body, AlertmanagerPayload.class);
    } catch (JacksonException e) {
      return new Refused("the body is not Alertmanager's webhook JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      return new Refused("the body could not be read: " + e.getMessage());
    }
    if (payload == null) {
      return new Refused("the body is empty");
    }
    if (!AlertmanagerPayload.VERSION.equals(payload.version())) {
      return new Refused("unknown webhook version " + (payload.version() == null ? "(none)" : "'" + payload.version()
          + "'") + ": this receiver reads Alertmanager's version " + AlertmanagerPayload.VERSION);
    }
    if (payload.alerts() == null) {
      return new Refused("the payload has no alerts list");
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < payload.alerts().size(); i++) {
      String problem = problem(payload.alerts().get(i));
      if (problem != null) {
        problems.add("alerts[" + i + "] " + problem);
      }
    }
    return problems.isEmpty() ? new Accepted(payload) : new Refused(String.join("; ", problems));
  }

  private static String problem(AlertmanagerPayload.Alert alert) {
    if (alert == null) {
      return "is null";
    }
    if (!STATUSES.contains(alert.status())) {
      return "has status " + alert.status() + ", not firing or resolved";
    }
    if (alert.labels() == null || alert.labels().isEmpty()) {
      return "has no labels";
    }
    if (alert.fingerprint() == null || alert.fingerprint().isBlank()) {
      return "has no fingerprint";
    }
    try {
      OffsetDateTime.parse(alert.startsAt());
    } catch (DateTimeParseException | NullPointerException e) {
      return "has no RFC 3339 startsAt";
    }
    return null;
  }
}
