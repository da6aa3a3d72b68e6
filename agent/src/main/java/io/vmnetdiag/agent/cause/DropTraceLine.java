package io.vmnetdiag.agent.cause;

import java.util.Optional;

/**
 * One skb:kfree_skb line of a tracefs {@code trace} file, as the event's print format writes it after the common
 * prefix (task-pid, cpu, flags, timestamp, event name):
 * {@code kfree_skb: skbaddr=%p rx_sk=%p protocol=%u location=%pS reason: %s}. The location is printed as
 * {@code function+0xoff/0xsize [module]}: only the function is kept, so offsets inside one function count together.
 * The task name before it may hold spaces; nothing is read from it.
 */
record DropTraceLine(String reason, String function) {
  private static final String EVENT = " kfree_skb: ";
  private static final String LOCATION = " location=";
  private static final String REASON = " reason: ";

  /** The reason and function of one trace line; empty for headers, other events and lines cut short. */
  static Optional<DropTraceLine> parse(String line) {
    int event = line.indexOf(EVENT);
    if (event < 0) {
      return Optional.empty();
    }
    int location = line.indexOf(LOCATION, event);
    int reason = location < 0 ? -1 : line.indexOf(REASON, location);
    if (reason < 0) {
      return Optional.empty();
    }
    String where = line.substring(location + LOCATION.length(), reason).strip();
    String why = line.substring(reason + REASON.length()).strip();
    if (where.isEmpty() || why.isEmpty() || why.contains(" ")) {
      return Optional.empty();
    }
    int offset = where.indexOf('+');
    String function = offset > 0 ? where.substring(0, offset) : where.split(" ")[0];
    return Optional.of(new DropTraceLine(why, function));
  }
}
