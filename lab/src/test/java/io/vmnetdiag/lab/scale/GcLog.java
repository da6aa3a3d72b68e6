package io.vmnetdiag.lab.scale;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's heap as its GC log ({@code -Xlog:gc}) tells it: the heap used just before each collection (its
 * high-water marks), the largest live set a full collection found, the heap committed, the number of collections
 * and their pauses, and the live set after the last full collection (the bench asks for one at the end).
 *
 * @param peakUsedMib most heap in use, just before a collection; -1 when no collection ran
 * @param peakLiveMib most heap still in use just after a full collection: the largest live set seen (a young
 *     collection's "after" also holds garbage promoted to the old generation, and one whose promotion failed
 *     frees nothing); -1 when no full collection ran
 * @param peakCommittedMib most heap committed after a collection; -1 when none ran
 * @param liveAfterFullMib heap in use after the last full collection; -1 when none ran
 */
record GcLog(int collections, int fullCollections, double pauseMillis, long peakUsedMib, long peakLiveMib, long peakCommittedMib,
    long liveAfterFullMib) {
  // [1.234s][info][gc] GC(3) Pause Young (Allocation Failure) 68M->8M(247M) 12.345ms
  private static final Pattern PAUSE = Pattern.compile(
      "GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([0-9.]+)ms");

  static GcLog parse(List<String> lines) {
    int collections = 0;
    int full = 0;
    double pause = 0;
    long peakUsed = -1;
    long peakLive = -1;
    long peakCommitted = -1;
    long live = -1;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (!m.find()) {
        continue;
      }
      collections++;
      pause += Double.parseDouble(m.group(8));
      peakUsed = Math.max(peakUsed, mib(m.group(2), m.group(3)));
      peakCommitted = Math.max(peakCommitted, mib(m.group(6), m.group(7)));
      if (m.group(1).startsWith("Pause Full")) {
        full++;
        live = mib(m.group(4), m.group(5));
        peakLive = Math.max(peakLive, live);
      }
    }
    return new GcLog(collections, full, pause, peakUsed, peakLive, peakCommitted, live);
  }

  private static long mib(String number, String unit) {
    long value = Long.parseLong(number);
    return switch (unit) {
      case "K" -> (value + 1023) / 1024;
      case "G" -> value * 1024;
      default -> value;
    };
  }
}
