package io.vmnetdiag.operator.rerun;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A diagnosis' spec.schedule: a five-field cron expression in UTC (cron-utils, Unix flavour) or an interval
 * "@every N(s|m|h)". Either way the next run is due after the last run's completion, so runs never overlap and an
 * operator that was down runs a missed diagnosis once, not once per missed time.
 */
public final class RunSchedule {
  /** Shortest interval between runs: a capture pod per minute per VM is already a lot of node work. */
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
  private static final Pattern EVERY = Pattern.compile("^@every ([0-9]{1,6})([smh])$");
  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final Duration interval;
  private final ExecutionTime cron;

  private RunSchedule(Duration interval, ExecutionTime cron) {
    this.interval = interval;
    this.cron = cron;
  }

  /** The schedule, or an {@link IllegalArgumentException} whose message says what is wrong, for the status. */
  public static RunSchedule parse(String schedule) {
    String text = schedule == null ? "" : schedule.trim();
    Matcher every = EVERY.matcher(text);
    if (every.matches()) {
      long amount = Long.parseLong(every.group(1));
      Duration interval = switch (every.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
      if (interval.compareTo(MIN_INTERVAL) < 0) {
        throw new IllegalArgumentException("the interval must be at least " + MIN_INTERVAL.toMinutes() + "m");
      }
      return new RunSchedule(interval, null);
    }
    if (text.startsWith("@")) {
      throw new IllegalArgumentException("the only @ form is an interval such as @every 30m");
    }
    try {
      return new RunSchedule(null, ExecutionTime.forCron(CRON.parse(text)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a cron expression of five fields: " + e.getMessage());
    }
  }

  /** Null when the schedule is valid, else the problem as the spec validator reports it. */
  public static String problem(String schedule) {
    try {
      parse(schedule);
      return null;
    } catch (IllegalArgumentException e) {
      return "spec.schedule must be a cron expression of five fields (such as \"0 * * * *\") or an interval such as"
          + " \"@every 30m\"; got \"" + schedule + "\": " + e.getMessage();
    }
  }

  /** When the next run is due, given when the last one completed. */
  public Instant nextAfter(Instant lastCompletion) {
    if (interval != null) {
      return lastCompletion.plus(interval);
    }
    Optional<ZonedDateTime> next = cron.nextExecution(lastCompletion.atZone(ZoneOffset.UTC));
    // A valid five-field expression always has a next time (29 February included); none means never.
    return next.map(ZonedDateTime::toInstant).orElse(Instant.MAX);
  }
}
