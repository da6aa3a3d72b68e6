package io.vmnetdiag.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's age and memory from /proc; every parser answers -1 for text it cannot read. */
public final class ProcFiles {
  /** USER_HZ: the unit of the start time in /proc/PID/stat (100 on every Linux we run on). */
  public static final int TICKS_PER_SECOND = 100;
  // Positions counted from the field after "(comm)", which may itself contain spaces and parentheses.
  private static final int STARTTIME = 19;

  private ProcFiles() {
  }

  /** When the process started, in ticks since boot, from a /proc/PID/stat line. */
  public static long startTicks(String statLine) {
    return statField(statLine, STARTTIME);
  }

  /** Seconds since boot from /proc/uptime text, or -1. */
  public static double uptimeSeconds(String uptimeText) {
    if (uptimeText == null || uptimeText.isBlank()) {
      return -1;
    }
    try {
      return Double.parseDouble(uptimeText.trim().split("\\s+")[0]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A "Key:   123 kB" value from /proc/PID/status, in KiB, or -1. */
  public static long statusKib(String statusText, String key) {
    if (statusText == null || key == null) {
      return -1;
    }
    for (String line : statusText.split("\n")) {
      if (line.startsWith(key + ":")) {
        String[] words = line.substring(key.length() + 1).trim().split("\\s+");
        return parseLong(words[0]);
      }
    }
    return -1;
  }

  /** The file's text, or "" when it cannot be read. */
  public static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Milliseconds since this process was started by the kernel (10 ms resolution), or -1. */
  public static long selfAgeMillis() {
    double uptime = uptimeSeconds(read("/proc/uptime"));
    long start = startTicks(read("/proc/self/stat"));
    if (uptime < 0 || start < 0) {
      return -1;
    }
    return Math.round((uptime - (double) start / TICKS_PER_SECOND) * 1000);
  }

  private static long statField(String statLine, int index) {
    if (statLine == null) {
      return -1;
    }
    int end = statLine.lastIndexOf(')');
    if (end < 0) {
      return -1;
    }
    String[] fields = statLine.substring(end + 1).trim().split("\\s+");
    return index < fields.length ? parseLong(fields[index]) : -1;
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
