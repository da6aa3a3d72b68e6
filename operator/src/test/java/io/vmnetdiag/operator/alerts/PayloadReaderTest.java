package io.vmnetdiag.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which webhook bodies are read, and the reasons the others are refused. */
class PayloadReaderTest {
  private final PayloadReader reader = new PayloadReader();
  private final String good = Alertmanager.message("vmnetdiag", Map.of("alertname", "VmProbeFailed"), List.of(
      Alertmanager.Alert.firing(Map.of("alertname", "VmProbeFailed", "domain", "web-01"),
          Instant.parse("2026-12-01T10:00:00Z")),
      Alertmanager.Alert.firing(Map.of("alertname", "VmProbeFailed", "domain", "web-02"),
          Instant.parse("2026-12-01T10:00:00Z")).resolved()));

  @Test
  void readsAlertmanagersVersion4Message() {
    PayloadReader.Read read = reader.read(good.getBytes(StandardCharsets.UTF_8));

    assertThat(read).isInstanceOf(PayloadReader.Accepted.class);
    AlertmanagerPayload payload = ((PayloadReader.Accepted) read).payload();
    assertThat(payload.groupKey()).isNotBlank();
    assertThat(payload.truncatedAlerts()).isZero();
    assertThat(payload.alerts()).extracting(AlertmanagerPayload.Alert::firing).containsExactly(true, false);
    assertThat(payload.alerts().get(0).labels()).containsEntry("domain", "web-01");
    assertThat(payload.alerts().get(0).generatorURL()).startsWith("http://prometheus.example:9090/graph");
  }

  @Test
  void fieldsAlertmanagerMayAddAreIgnored() {
    String more = good.replace("\"version\":\"4\"", "\"version\":\"4\",\"someday\":{\"x\":1}");
    assertThat(reader.read(more.getBytes(StandardCharsets.UTF_8))).isInstanceOf(PayloadReader.Accepted.class);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "{\"version\":\"4\",\"alerts\":[|not Alertmanager's webhook JSON",
      "[]|not Alertmanager's webhook JSON",
      "null|the body is empty",
      "{\"alerts\":[]}|unknown webhook version (none)",
      "{\"version\":\"5\",\"alerts\":[]}|unknown webhook version '5'",
      "{\"version\":\"4\"}|no alerts list",
      "{\"version\":\"4\",\"alerts\":[{\"status\":\"pending\"}]}|alerts[0] has status pending",
      "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{}}]}|alerts[0] has no labels",
      "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"},\"fingerprint\":\"f\"}]}|alerts[0] has no RFC 3339 startsAt",
  })
  void refusesWithAReason(String body, String reason) {
    PayloadReader.Read read = reader.read(body.getBytes(StandardCharsets.UTF_8));

    assertThat(read).isInstanceOf(PayloadReader.Refused.class);
    assertThat(((PayloadReader.Refused) read).reason()).contains(reason);
  }
}
