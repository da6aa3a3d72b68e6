package io.vmnetdiag.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's live threads, from /proc/self/task/TID/schedstat (nanoseconds on a CPU) and comm
 * (the thread's name), so the agent's CPU can be split into the JIT compilers, the VM thread (safepoints
 * and, with Serial GC, the collections) and the rest. A thread that ended is no longer listed: a
 * difference of two snapshots counts threads alive at the second one only.
 */
public record ThreadCpu(Map<Long, String> names, Map<Long, Long> nanos) {

  /** The current figures; a thread that cannot be read is left out. */
  public static ThreadCpu self() {
    Map<Long, String> names = new LinkedHashMap<>();
    Map<Long, Long> nanos = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        long tid = parse(task.getFileName().toString());
        long used = schedstatNanos(ProcFiles.read(task.resolve("schedstat").toString()));
        if (tid >= 0 && used >= 0) {
          names.put(tid, ProcFiles.read(task.resolve("comm").toString()).strip());
          nanos.put(tid, used);
        }
      }
    } catch (IOException | RuntimeException e) {
      // an empty snapshot: every figure derived from it is unknown or zero
    }
    return new ThreadCpu(names, nanos);
  }

  /** CPU each thread alive now used since {@code before} (all of it for threads started since). */
  public ThreadCpu since(ThreadCpu before) {
    Map<Long, Long> used = new LinkedHashMap<>();
    nanos.forEach((tid, now) -> used.put(tid, now - before.nanos.getOrDefault(tid, 0L)));
    return new ThreadCpu(names, used);
  }

  /** Nanoseconds of the threads of one kind ("jit", "vm" or "other"). */
  public long nanosOf(String kind) {
    return nanos.entrySet().stream().filter(e -> kind(names.getOrDefault(e.getKey(), "")).equals(kind))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Nanoseconds by thread name (threads of one name summed), largest first. */
  public Map<String, Long> byName() {
    Map<String, Long> sums = new LinkedHashMap<>();
    nanos.forEach((tid, used) -> sums.merge(names.getOrDefault(tid, "?"), used, Long::sum));
    Map<String, Long> sorted = new LinkedHashMap<>();
    sums.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** "jit", "vm" or "other" for a thread name as the kernel keeps it (15 characters at most). */
  static String kind(String name) {
    if (name.contains("CompilerThre")) {
      return "jit";
    }
    if (name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "vm";
    }
    return "other";
  }

  /** The first field of a schedstat line (time spent on a CPU, ns), or -1. */
  static long schedstatNanos(String line) {
    String[] fields = line.strip().split("\\s+");
    return fields.length == 0 ? -1 : parse(fields[0]);
  }

  private static long parse(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
