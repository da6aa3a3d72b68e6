package io.vmnetdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFilesTest {
  // A real /proc/PID/stat line whose command name holds a space and a parenthesis.
  private static final String STAT = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 731 129 0 0 20 0 "
      + "19 0 123456 3000000000 18000 18446744073709551615 1 1 0 0 0 0 0 4096 17734 0 0 0 17 1 0 0 0 0 0";

  @Test
  void readsTheStartTimeAfterACommandNameWithParentheses() {
    assertThat(ProcFiles.startTicks(STAT)).isEqualTo(123456);
  }

  @Test
  void badStatLinesGiveMinusOne() {
    assertThat(ProcFiles.startTicks(null)).isEqualTo(-1);
    assertThat(ProcFiles.startTicks("")).isEqualTo(-1);
    assertThat(ProcFiles.startTicks("4242 (java) S 1 2")).isEqualTo(-1);
    assertThat(ProcFiles.startTicks(STAT.replace("123456", "soon"))).isEqualTo(-1);
  }

  @Test
  void readsMemoryFromStatus() {
    String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t   74512 kB\nVmRSS:\t   70000 kB\n";

    assertThat(ProcFiles.statusKib(status, "VmHWM")).isEqualTo(74512);
    assertThat(ProcFiles.statusKib(status, "VmRSS")).isEqualTo(70000);
    assertThat(ProcFiles.statusKib(status, "VmSwap")).isEqualTo(-1);
    assertThat(ProcFiles.statusKib("VmHWM:\tlots kB", "VmHWM")).isEqualTo(-1);
    assertThat(ProcFiles.statusKib(null, "VmHWM")).isEqualTo(-1);
  }

  @Test
  void readsUptime() {
    assertThat(ProcFiles.uptimeSeconds("12345.67 23456.78\n")).isEqualTo(12345.67);
    assertThat(ProcFiles.uptimeSeconds("up a while")).isEqualTo(-1);
    assertThat(ProcFiles.uptimeSeconds(null)).isEqualTo(-1);
  }

  @Test
  void thisProcessHasAnAge() {
    assertThat(ProcFiles.selfAgeMillis()).isPositive();
    assertThat(ProcFiles.read("/nonexistent/vdbench")).isEmpty();
  }
}
