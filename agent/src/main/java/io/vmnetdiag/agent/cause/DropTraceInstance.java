package io.vmnetdiag.agent.cause;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * skb:kfree_skb traced in a tracefs instance of the agent's own ({@code instances/vmnetdiag-PID-RANDOM}): its own
 * ring buffer, filter and switch, so neither the global trace buffer nor anyone else's instance is touched. The
 * buffer keeps the window's first events and counts the rest as dropped (overwrite off) rather than overwriting,
 * and is read once, after tracing stops. Every call must come from the thread that found the tracefs.
 */
final class DropTraceInstance {
  private static final Logger log = LoggerFactory.getLogger(DropTraceInstance.class);
  /** The VM's traffic: IPv4, ARP, IPv6 (the tracepoint's protocol is the host-order ethertype). */
  static final List<Integer> PROTOCOLS = List.of(0x0800, 0x0806, 0x86DD);
  private static final Pattern NOT_SPECIFIED = Pattern.compile("\\{ (\\d+), \"NOT_SPECIFIED\" \\}");
  private static final Pattern DROPPED = Pattern.compile("^(?:overrun|dropped events): (\\d+)$");

  /** What one read found: counts per reason and function, events counted, events lost. */
  record Counts(Map<DropTraceLine, Long> byCause, long events, long lost, boolean notSpecifiedExcluded) {
  }

  private final Tracefs tracefs;
  private final Path instance;
  private final boolean notSpecifiedExcluded;
  private long bufferKbPerCpu;

  private DropTraceInstance(Tracefs tracefs, Path instance, boolean notSpecifiedExcluded) {
    this.tracefs = tracefs;
    this.instance = instance;
    this.notSpecifiedExcluded = notSpecifiedExcluded;
  }

  /** Creates the instance and starts tracing; undoes what it did and says why if it cannot. */
  static DropTraceInstance start(LongUnaryOperator bufferKbPerCpu) throws Tracefs.Unavailable {
    Tracefs tracefs = Tracefs.forThisThread();
    Path format = tracefs.root().resolve("events/skb/kfree_skb/format");
    String fields;
    try {
      fields = Files.readString(format, StandardCharsets.UTF_8);
    } catch (IOException e) {
      tracefs.release();
      throw new Tracefs.Unavailable("the kernel has no skb:kfree_skb tracepoint readable at " + format);
    }
    if (!fields.contains(" reason;")) {
      tracefs.release();
      throw new Tracefs.Unavailable("this kernel's skb:kfree_skb has no drop reason (Linux 5.17 or later has)");
    }
    StaleTraceInstances.remove(tracefs.root().resolve("instances"), Instant.now());
    Path instance = tracefs.root().resolve("instances/" + StaleTraceInstances.PREFIX + ProcessHandle.current().pid() + "-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    try {
      Files.createDirectory(instance);
    } catch (IOException e) {
      tracefs.release();
      throw new Tracefs.Unavailable("no tracefs instance could be created (" + e + ")");
    }
    Matcher notSpecified = NOT_SPECIFIED.matcher(fields);
    boolean exclude = notSpecified.find();
    DropTraceInstance trace = new DropTraceInstance(tracefs, instance, exclude);
    try (var cpus = Files.list(instance.resolve("per_cpu"))) {
      trace.bufferKbPerCpu = bufferKbPerCpu.applyAsLong(cpus.count());
      trace.write("buffer_size_kb", Long.toString(trace.bufferKbPerCpu));
      trace.write("options/overwrite", "0");
      trace.write("events/skb/kfree_skb/filter", filter(exclude ? notSpecified.group(1) : null));
      trace.write("events/skb/kfree_skb/enable", "1");
    } catch (IOException e) {
      trace.remove();
      throw new Tracefs.Unavailable("skb:kfree_skb could not be enabled in tracefs instance " + instance.getFileName()
          + " (" + e + ")");
    }
    return trace;
  }

  /** "(protocol == 2048 || ...) && reason != 2": only the VM's protocols; without kfree_skb()'s unreasoned frees. */
  static String filter(String notSpecified) {
    StringBuilder filter = new StringBuilder("(");
    for (int i = 0; i < PROTOCOLS.size(); i++) {
      filter.append(i == 0 ? "" : " || ").append("protocol == ").append(PROTOCOLS.get(i));
    }
    filter.append(")");
    return notSpecified == null ? filter.toString() : filter + " && reason != " + notSpecified;
  }

  long bufferKbPerCpu() {
    return bufferKbPerCpu;
  }

  String name() {
    return instance.getFileName().toString();
  }

  /** Stops tracing, reads at most {@code maxEvents} events within {@code deadline}, then removes the instance. */
  Counts stopAndCount(long maxEvents, int maxCauses, Duration deadline) throws IOException {
    try {
      write("tracing_on", "0");
      long lost = bufferDrops();
      Map<DropTraceLine, Long> byCause = new LinkedHashMap<>();
      long events = 0;
      long end = System.nanoTime() + deadline.toNanos();
      try (BufferedReader reader = Files.newBufferedReader(instance.resolve("trace"), StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null) {
          Optional<DropTraceLine> drop = DropTraceLine.parse(line);
          if (drop.isEmpty()) {
            continue;
          }
          if (events >= maxEvents || System.nanoTime() > end
              || (!byCause.containsKey(drop.get()) && byCause.size() >= maxCauses)) {
            lost++;
            continue;
          }
          events++;
          byCause.merge(drop.get(), 1L, Long::sum);
        }
      }
      return new Counts(byCause, events, lost, notSpecifiedExcluded);
    } finally {
      remove();
    }
  }

  /** Events the buffer could not keep, over every CPU ("dropped events" with overwrite off; "overrun" with it on). */
  private long bufferDrops() throws IOException {
    long lost = 0;
    try (var cpus = Files.list(instance.resolve("per_cpu"))) {
      for (Path cpu : cpus.toList()) {
        for (String line : Files.readAllLines(cpu.resolve("stats"), StandardCharsets.UTF_8)) {
          Matcher dropped = DROPPED.matcher(line.strip());
          if (dropped.matches()) {
            lost += Long.parseLong(dropped.group(1));
          }
        }
      }
    }
    return lost;
  }

  /** Disables the event and removes the instance (its buffer goes with it), then releases the tracefs. */
  void remove() {
    try {
      write("events/skb/kfree_skb/enable", "0");
    } catch (IOException e) {
      // removing the instance disables its events as well
    }
    try {
      Files.deleteIfExists(instance);
    } catch (IOException e) {
      log.warn("tracefs instance {} not removed: {}", instance, e.toString());
    }
    tracefs.release();
  }

  private void write(String file, String value) throws IOException {
    Files.writeString(instance.resolve(file), value + "\n", StandardCharsets.US_ASCII);
  }
}
