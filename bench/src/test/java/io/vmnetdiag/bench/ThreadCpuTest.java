package io.vmnetdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadCpuTest {
  @TempDir
  Path work;

  @Test
  void sortsJvmThreadsByKind() {
    assertThat(ThreadCpu.kind("C2 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.kind("C1 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.kind("VM Thread")).isEqualTo("vm");
    assertThat(ThreadCpu.kind("GC Thread#0")).isEqualTo("vm");
    assertThat(ThreadCpu.kind("capture-vbr1234")).isEqualTo("other");
    assertThat(ThreadCpu.kind("")).isEqualTo("other");
  }

  @Test
  void readsTheFirstSchedstatFieldAndNeverThrows() {
    assertThat(ThreadCpu.schedstatNanos("123456789 1000 42\n")).isEqualTo(123456789L);
    assertThat(ThreadCpu.schedstatNanos("")).isEqualTo(-1);
    assertThat(ThreadCpu.schedstatNanos("garbage here")).isEqualTo(-1);
  }

  @Test
  void differencesCountThreadsAliveAtTheEndOnly() {
    ThreadCpu before = new ThreadCpu(Map.of(1L, "C2 CompilerThre", 2L, "capture-x", 3L, "gone"),
        Map.of(1L, 100L, 2L, 10L, 3L, 5L));
    ThreadCpu after = new ThreadCpu(Map.of(1L, "C2 CompilerThre", 2L, "capture-x", 4L, "VM Thread"),
        Map.of(1L, 400L, 2L, 60L, 4L, 7L));
    ThreadCpu window = after.since(before);
    assertThat(window.nanosOf("jit")).isEqualTo(300);
    assertThat(window.nanosOf("vm")).isEqualTo(7);
    assertThat(window.nanosOf("other")).isEqualTo(50);
    assertThat(window.byName()).containsExactly(entry("C2 CompilerThre", 300L), entry("capture-x", 50L),
        entry("VM Thread", 7L));
  }

  @Test
  void thisJvmHasCompilerThreadsThatRan() {
    ThreadCpu self = ThreadCpu.self();
    assertThat(self.nanosOf("jit")).isPositive();
    assertThat(self.nanosOf("other")).isPositive();
  }

  @Test
  void agentCpuSplitsTheWindow() throws Exception {
    Files.writeString(work.resolve("agent.out"), "captured=2000000\ncpu_nanos_window=1000000000\n"
        + "cpu_nanos_window_jit=300000000\ncpu_nanos_window_vm=100000000\ncpu_nanos_total=1500000000\n");
    AgentCpu cpu = AgentCpu.read(work);
    assertThat(cpu.restNanos()).isEqualTo(600_000_000L);
    assertThat(cpu.perMillion(cpu.restNanos())).isEqualTo(0.3);
    assertThat(cpu.perMillion(cpu.processNanos())).isEqualTo(0.75);
  }
}
