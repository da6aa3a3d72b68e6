package io.vmnetdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuClockTest {
  @Test
  void encodesProcessClockIdsAsTheKernelDoes() {
    // glibc: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED) = (~pid << 3) | 2
    assertThat(CpuClock.processClockId(1)).isEqualTo(-14);
    assertThat(CpuClock.processClockId(4242)).isEqualTo((~4242 << 3) | 2);
  }

  @Test
  void readsThisProcessByBothClocks() {
    long before = CpuClock.processNanos((int) ProcessHandle.current().pid());
    long spin = 0;
    for (int i = 0; i < 5_000_000; i++) {
      spin += i ^ (spin >>> 3);
    }
    long self = CpuClock.selfNanos();

    assertThat(spin).isNotZero();
    assertThat(before).isPositive();
    assertThat(self).isGreaterThan(before);
  }

  @Test
  void unknownProcessesGiveMinusOne() {
    assertThat(CpuClock.processNanos(0)).isEqualTo(-1);
    assertThat(CpuClock.processNanos(Integer.MAX_VALUE)).isEqualTo(-1);
    assertThat(CpuClock.processNanos(4 * 1024 * 1024 - 1)).isEqualTo(-1);
  }
}
