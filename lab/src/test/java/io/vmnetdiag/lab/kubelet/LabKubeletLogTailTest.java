package io.vmnetdiag.lab.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** FallbackToLogsOnError as the kubelet applies it: the log's last 80 lines, at most 2 KiB, the end kept. */
class LabKubeletLogTailTest {

  @Test
  void keepsTheLastEightyLines() {
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= 100; i++) {
      log.append("line ").append(i).append('\n');
    }
    String tail = LabKubelet.logTail(log.toString());
    assertThat(tail.lines()).hasSize(80).startsWith("line 21").endsWith("line 100");
  }

  @Test
  void keepsAtMostTwoKibibytesFromTheEnd() {
    String tail = LabKubelet.logTail("x".repeat(5000) + "\nthe cause");
    assertThat(tail.getBytes(StandardCharsets.UTF_8)).hasSize(2048);
    assertThat(tail).endsWith("the cause");
  }
}
