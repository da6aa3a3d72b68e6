package io.vmnetdiag.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {
  @Test
  void offUnlessTheChartSetsAPort() {
    AlertSettings settings = AlertSettings.fromEnvironment(Map.of());

    assertThat(settings.enabled()).isFalse();
    assertThat(settings.tokenFile()).isEqualTo(Path.of(AlertSettings.DEFAULT_TOKEN_FILE));
    assertThat(settings.createsPerSecond()).isEqualTo(AlertSettings.DEFAULT_CREATES_PER_SECOND);
    assertThat(settings.burst()).isEqualTo(AlertSettings.DEFAULT_BURST);
    assertThat(settings.tlsDirectory()).as("plain HTTP").isNull();
  }

  @Test
  void environmentOfTheChartIsRead() {
    AlertSettings settings = AlertSettings.fromEnvironment(Map.of("VMNETDIAG_ALERTS_PORT", "8082",
        "VMNETDIAG_ALERTS_TOKEN_FILE", "/run/token", "VMNETDIAG_ALERTS_CREATES_PER_SECOND", "0.5",
        "VMNETDIAG_ALERTS_BURST", "7", "VMNETDIAG_ALERTS_TLS_DIR", "/run/tls"));

    assertThat(settings).isEqualTo(new AlertSettings(8082, Path.of("/run/token"), 0.5, 7, Path.of("/run/tls")));
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.withPort(0).enabled()).isFalse();
  }
}
