package io.vmnetdiag.lab.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one scale run measured, its figures and its three goals (issue 12): every diagnosis reaches a verdict, the
 * last within {@link #GOAL_SECONDS} of the first being applied, and the operator's heap within {@link #HEAP_GOAL_MIB}.
 *
 * @param setup how the run was set up, one line (diagnoses, nodes, capture slots, operator JVM)
 * @param load the machine's load average at the start and at the end (uptime)
 * @param verdicts diagnoses whose status carries a verdict
 * @param asExpected verdicts that are the one their recorded case expects
 * @param notDiagnosed up to a few diagnoses that ended without a verdict (or never ended), each with its status
 * @param createSeconds time to apply all the diagnoses
 * @param medianSeconds applied to verdict, median over the diagnoses with one
 * @param lastVerdictSeconds first applied to last verdict; -1 when not all ended
 * @param queued diagnoses that waited for a capture slot (Queued) at least once
 * @param mostPodsOnANode the most capture pods one node held at once
 * @param reconciles calls of the reconciler, up to a few seconds after the last verdict
 * @param dispatches events JOSDK dispatched up to then: the reconciles and the first one, which only adds the finalizer
 * @param api the operator's API requests by verb and resource up to the same moment, and the server's time on them
 * @param cpuSeconds the operator's CPU from the first diagnosis applied to that moment
 * @param cpuSecondsTotal the operator's CPU from its JVM's start
 * @param operatorAlive the operator still ran at the end (with -XX:+ExitOnOutOfMemoryError it would not after an OOM)
 */
record ScaleReport(String setup, String load, int diagnoses, int maxCapturesPerNode, int verdicts, int asExpected,
    List<String> notDiagnosed, double createSeconds, double medianSeconds, double lastVerdictSeconds, int queued,
    int mostPodsOnANode, long reconciles, long dispatches, AuditCounts api, double cpuSeconds, double cpuSecondsTotal,
    GcLog gc, boolean operatorAlive) {
  static final double GOAL_SECONDS = 60;
  static final long HEAP_GOAL_MIB = 256;

  boolean allDiagnosed() {
    return diagnoses > 0 && verdicts == diagnoses;
  }

  boolean fastEnough() {
    return lastVerdictSeconds >= 0 && lastVerdictSeconds <= GOAL_SECONDS;
  }

  boolean heapWithinGoal() {
    return operatorAlive && gc.peakUsedMib() >= 0 && gc.peakUsedMib() <= HEAP_GOAL_MIB;
  }

  boolean goalsMet() {
    return allDiagnosed() && fastEnough() && heapWithinGoal();
  }

  long totalRequests() {
    return api.requests().values().stream().mapToLong(Long::longValue).sum();
  }

  /** The FIGURE lines (reported, never judged), then the goal lines. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("FIGURE: setup: " + setup);
    lines.add("FIGURE: load average (1, 5, 15 min) at start / end: " + load);
    lines.add(String.format(Locale.ROOT, "FIGURE: applied -> verdict: all %d applied in %.1f s; median %.1f s, last %s",
        diagnoses, createSeconds, medianSeconds, lastVerdictSeconds < 0 ? "n/a" : seconds(lastVerdictSeconds)));
    lines.add(String.format(Locale.ROOT, "FIGURE: verdicts as their recorded case expects: %d of %d", asExpected, verdicts));
    lines.add(String.format(Locale.ROOT, "FIGURE: capture slots: maxCapturesPerNode=%d; most capture pods on one node"
        + " at once %d; %d of %d diagnoses queued for a slot", maxCapturesPerNode, mostPodsOnANode, queued, diagnoses));
    lines.add(String.format(Locale.ROOT, "FIGURE: reconciles per diagnosis: %s (%d reconcile calls; %d events"
        + " dispatched by JOSDK, finalizer adds included)", perDiagnosis(reconciles), reconciles, dispatches));
    StringBuilder byKind = new StringBuilder();
    api.requests().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e ->
        byKind.append(byKind.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(perDiagnosis(e.getValue())));
    lines.add(String.format(Locale.ROOT, "FIGURE: API requests per diagnosis: %s (%d in all); by verb and resource: %s",
        perDiagnosis(totalRequests()), totalRequests(), byKind.length() == 0 ? "n/a" : byKind));
    StringBuilder slowest = new StringBuilder();
    api.millis().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
        .forEach(e -> slowest.append(slowest.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
            "%s %.1f s (mean %.0f ms)", e.getKey(), e.getValue() / 1000, e.getValue() / api.requests().get(e.getKey()))));
    lines.add("FIGURE: API server time on the operator's requests, most in all: "
        + (slowest.length() == 0 ? "n/a" : slowest));
    lines.add(String.format(Locale.ROOT, "FIGURE: operator CPU: %.1f s while the diagnoses ran (%.0f ms per diagnosis);"
        + " %.1f s since its JVM started", cpuSeconds, diagnoses == 0 ? 0 : cpuSeconds * 1000 / diagnoses, cpuSecondsTotal));
    lines.add(String.format(Locale.ROOT, "FIGURE: operator heap: peak used %s (before a collection), largest live"
        + " set %s (after a full one), committed up to %s, live after the run %s; %d collections (%d full), %.0f ms of pauses",
        mib(gc.peakUsedMib()), mib(gc.peakLiveMib()), mib(gc.peakCommittedMib()), mib(gc.liveAfterFullMib()),
        gc.collections(), gc.fullCollections(), gc.pauseMillis()));
    if (!notDiagnosed.isEmpty()) {
      lines.add("FIGURE: without a verdict (first few): " + String.join("; ", notDiagnosed));
    }
    lines.add(goal(allDiagnosed(), String.format(Locale.ROOT, "all %d diagnoses reach a verdict (%d did)", diagnoses,
        verdicts)));
    lines.add(goal(fastEnough(), String.format(Locale.ROOT, "first applied -> last verdict <= %.0f s (%s)", GOAL_SECONDS,
        lastVerdictSeconds < 0 ? "not all ended" : seconds(lastVerdictSeconds))));
    lines.add(goal(heapWithinGoal(), String.format(Locale.ROOT, "operator heap <= %d MiB (peak used %s; the operator %s)",
        HEAP_GOAL_MIB, mib(gc.peakUsedMib()), operatorAlive ? "ran to the end" : "died")));
    return lines;
  }

  String markdown(String date) {
    StringBuilder out = new StringBuilder("# Scale benchmark, " + date + "\n\n`bench/scale.sh`: see bench/README.md,"
        + " \"Scale\".\n\n```\n");
    lines().forEach(line -> out.append(line).append('\n'));
    return out.append("```\n").toString();
  }

  private String perDiagnosis(long count) {
    return diagnoses == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", count / (double) diagnoses);
  }

  private static String goal(boolean met, String text) {
    return (met ? "PASS: " : "FAIL: ") + text;
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.1f s", value);
  }

  private static String mib(long value) {
    return value < 0 ? "n/a" : value + " MiB";
  }
}
