package io.vmnetdiag.operator.rerun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunScheduleTest {
  @ParameterizedTest(name = "{0} after {1} -> {2}")
  @CsvSource({
      "'@every 30m',  2026-12-01T10:00:07Z, 2026-12-01T10:30:07Z",
      "'@every 1m',   2026-12-01T10:00:07Z, 2026-12-01T10:01:07Z",
      "'@every 90s',  2026-12-01T10:00:00Z, 2026-12-01T10:01:30Z",
      "'@every 2h',   2026-12-01T23:00:00Z, 2026-12-02T01:00:00Z",
      "'0 * * * *',   2026-12-01T10:00:07Z, 2026-12-01T11:00:00Z",
      "'*/15 * * * *', 2026-12-01T10:14:59Z, 2026-12-01T10:15:00Z",
      "'30 2 * * 1',  2026-12-01T10:00:00Z, 2026-12-07T02:30:00Z",
      "'0 0 29 2 *',  2026-03-01T00:00:00Z, 2028-02-29T00:00:00Z"})
  void nextRunIsDueAfterTheLastCompletion(String schedule, String completed, String next) {
    assertThat(RunSchedule.parse(schedule).nextAfter(Instant.parse(completed))).isEqualTo(Instant.parse(next));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource({
      "'@every 30s', at least 1m",
      "'@every 5 minutes', the only @ form",
      "'@hourly', the only @ form",
      "'every 5m', not a cron expression",
      "'* * * * * *', not a cron expression",
      "'61 * * * *', not a cron expression",
      "'', not a cron expression"})
  void badSchedulesAreRejectedWithTheReason(String schedule, String reason) {
    assertThatThrownBy(() -> RunSchedule.parse(schedule)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
    assertThat(RunSchedule.problem(schedule)).startsWith("spec.schedule must be").contains(reason);
  }
}
