package io.vmnetdiag.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The closing statistics tcpdump prints to stderr when it stops; -1 for a line that is missing. */
public record TcpdumpSummary(long captured, long receivedByFilter, long droppedByKernel) {
  private static final Pattern CAPTURED = Pattern.compile("(?m)^(\\d+) packets? captured");
  private static final Pattern RECEIVED = Pattern.compile("(?m)^(\\d+) packets? received by filter");
  private static final Pattern DROPPED = Pattern.compile("(?m)^(\\d+) packets? dropped by kernel");

  /** Reads the summary from tcpdump's stderr; never throws. */
  public static TcpdumpSummary parse(String stderr) {
    String text = stderr == null ? "" : stderr;
    return new TcpdumpSummary(number(CAPTURED, text), number(RECEIVED, text), number(DROPPED, text));
  }

  /** Whether tcpdump printed its statistics at all (it does only when it stopped cleanly). */
  public boolean complete() {
    return captured >= 0 && droppedByKernel >= 0;
  }

  private static long number(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return -1;
    }
    try {
      return Long.parseLong(matcher.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
