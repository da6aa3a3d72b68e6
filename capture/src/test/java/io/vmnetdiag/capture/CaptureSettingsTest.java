package io.vmnetdiag.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureSettingsTest {
  private static final String MAC = "52:54:00:00:00:01";

  @Test
  void buildsFilterAndCopiesLists() {
    List<Integer> ports = new ArrayList<>(List.of(22));
    CaptureSettings settings = new CaptureSettings(MAC, "10.1.2.3", Duration.ofSeconds(10), 96, null, ports, 5);
    ports.add(80);
    assertThat(settings.peers()).isEmpty();
    assertThat(settings.ports()).containsExactly(22);
    assertThat(settings.bpfFilter())
        .isEqualTo("(ether host 52:54:00:00:00:01 or host 10.1.2.3) and ((not tcp and not udp) or port 22)");
  }

  @Test
  void rejectsBadValues() {
    Duration tenSeconds = Duration.ofSeconds(10);
    assertThatThrownBy(() -> new CaptureSettings(MAC, null, Duration.ZERO, 96, List.of(), List.of(), 5))
        .hasMessageContaining("window");
    assertThatThrownBy(() -> new CaptureSettings(MAC, null, null, 96, List.of(), List.of(), 5))
        .hasMessageContaining("window");
    assertThatThrownBy(() -> new CaptureSettings(MAC, null, Duration.ofHours(2), 96, List.of(), List.of(), 5))
        .hasMessageContaining("window");
    assertThatThrownBy(() -> new CaptureSettings(MAC, null, tenSeconds, 10, List.of(), List.of(), 5))
        .hasMessageContaining("Snap length");
    assertThatThrownBy(() -> new CaptureSettings(MAC, null, tenSeconds, 96, List.of(), List.of(), -1))
        .hasMessageContaining("Sample lines");
    assertThatThrownBy(() -> new CaptureSettings(MAC, null, tenSeconds, 96, Arrays.asList((String) null), List.of(), 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CaptureSettings("nope", null, tenSeconds, 96, List.of(), List.of(), 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VM MAC");
    assertThatThrownBy(() -> new CaptureSettings(MAC, "host.example", tenSeconds, 96, List.of(), List.of(), 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VM address");
  }

  @Test
  void theKernelHandsPacketsOverWithinAnEighthOfTheWindowBetween20And250Ms() {
    assertThat(window(Duration.ofSeconds(1)).handOver()).isEqualTo(Duration.ofMillis(125));
    assertThat(window(Duration.ofMillis(100)).handOver()).isEqualTo(Duration.ofMillis(20));
    assertThat(window(Duration.ofSeconds(10)).handOver()).isEqualTo(Duration.ofMillis(250));
    assertThat(window(Duration.ofSeconds(300)).handOver()).isEqualTo(Duration.ofMillis(250));
  }

  private static CaptureSettings window(Duration window) {
    return new CaptureSettings("52:54:00:12:34:56", "10.0.9.251", window, 96, List.of(), List.of(), 10);
  }
}
