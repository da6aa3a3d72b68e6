package io.vmnetdiag.agent.cause;

import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.KernelDropsState;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.diagnosis.VerdictEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's own drop reasons during the window: skb:kfree_skb traced in a tracefs instance of the agent's own,
 * counted per reason and function, tied to hops where other evidence shows the path is where they happened
 * ({@link DropAttribution}), the rest reported node-wide. Bounded so a busy node costs little: the kernel keeps at
 * most {@link #BUFFER_KB_PER_CPU} KiB per CPU and {@link #BUFFER_KB_TOTAL} KiB in all, the agent reads it once
 * after the window, at most {@link #MAX_EVENTS} events and {@link #MAX_CAUSES} distinct causes within
 * {@link #READ_DEADLINE}.
 */
public final class KernelDropReasons {
  private static final Logger log = LoggerFactory.getLogger(KernelDropReasons.class);
  /** The instance's ring buffer per CPU, in KiB (about 11,000 events), while the total stays within the next. */
  static final long BUFFER_KB_PER_CPU = 512;
  /** The instance's ring buffers together at most, in KiB: a 64-CPU node gets 128 KiB per CPU, not 32 MiB. */
  static final long BUFFER_KB_TOTAL = 8192;
  /** The least buffer per CPU, in KiB, however many CPUs. */
  static final long BUFFER_KB_PER_CPU_MIN = 64;
  /** Events counted per window; the rest are reported as lost. */
  static final long MAX_EVENTS = 50_000;
  /** Distinct (reason, function) pairs counted per window. */
  static final int MAX_CAUSES = 256;
  /** How long reading the buffer may take. */
  static final Duration READ_DEADLINE = Duration.ofSeconds(2);
  /** Node-wide counts kept in the report. */
  static final int MAX_UNATTRIBUTED = 8;

  private KernelDropReasons() {
  }

  public static KernelDropReasons tracefs() {
    return new KernelDropReasons();
  }

  /** Starts tracing: the window's start. Never throws. */
  public Window start() {
    // One thread for the whole window: a tracefs it mounts lives in that thread's own mount namespace.
    ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
      Thread t = new Thread(runnable, "kernel-drop-reasons");
      t.setDaemon(true);
      return t;
    });
    Future<DropTraceInstance> started = thread.submit(() -> DropTraceInstance.start(KernelDropReasons::bufferKbPerCpu));
    try {
      return new Window(thread, started.get(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (ExecutionException e) {
      thread.shutdown();
      String why = e.getCause() instanceof Tracefs.Unavailable ? e.getCause().getMessage() : e.getCause().toString();
      log.info("kernel drop reasons not available: {}", why);
      return new Window(null, null, why);
    } catch (TimeoutException e) {
      // removed whenever it comes, on the thread that made it
      thread.submit(() -> {
        try {
          started.get().remove();
        } catch (ExecutionException | InterruptedException late) {
          // never started: nothing to remove
        }
      });
      thread.shutdown();
      return new Window(null, null, "tracefs did not answer within " + READ_DEADLINE.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
      return new Window(null, null, "interrupted");
    }
  }

  /** The buffer per CPU for a node of {@code cpus} CPUs. */
  static long bufferKbPerCpu(long cpus) {
    return Math.max(BUFFER_KB_PER_CPU_MIN, Math.min(BUFFER_KB_PER_CPU, BUFFER_KB_TOTAL / Math.max(1, cpus)));
  }

  /** Where the verdict engine, from the hops alone, puts a loss on the node; null when it puts none there. */
  static String lossOnNode(ResolvedPath path, List<HopObservation> observations) {
    Verdict verdict = new VerdictEngine().decide(path, observations);
    return verdict.getReason() == VerdictReason.LostInsideHost || verdict.getReason() == VerdictReason.LostOnEgress
        ? verdict.getLocation() : null;
  }

  /** One window's tracing; {@link #end} stops it, counts, and removes the instance. */
  public static final class Window {
    private final ExecutorService thread;
    private final DropTraceInstance instance;
    private final String unavailable;
    private boolean ended;

    Window(ExecutorService thread, DropTraceInstance instance, String unavailable) {
      this.thread = thread;
      this.instance = instance;
      this.unavailable = unavailable;
    }

    /** Counts the window's drops, ties what it can to the observations, returns the node-wide rest. Never throws. */
    public KernelDrops end(ResolvedPath path, List<HopObservation> observations) {
      if (instance == null) {
        return KernelDrops.notAvailable(unavailable);
      }
      if (ended) {
        return KernelDrops.notAvailable("the trace was already read");
      }
      ended = true;
      try {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        AtomicLong cpuMillis = new AtomicLong();
        DropTraceInstance.Counts counts = thread.submit(() -> {
          long before = cpu.getCurrentThreadCpuTime();
          DropTraceInstance.Counts read = instance.stopAndCount(MAX_EVENTS, MAX_CAUSES, READ_DEADLINE);
          cpuMillis.set((cpu.getCurrentThreadCpuTime() - before) / 1_000_000);
          log.info("kernel drop reasons: {} events, {} lost, {} causes, read from tracefs instance {} in {} ms of CPU",
              read.events(), read.lost(), read.byCause().size(), instance.name(), cpuMillis.get());
          return read;
        }).get(2 * READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        KernelDrops drops = new KernelDrops();
        drops.setState(KernelDropsState.Counted);
        drops.setEvents(counts.events());
        drops.setLost(counts.lost());
        drops.setMessage("skb:kfree_skb counted in tracefs instance " + instance.name() + " for IPv4, ARP and IPv6"
            + (counts.notSpecifiedExcluded() ? ", leaving out NOT_SPECIFIED (frees without a reason)" : "")
            + "; at most " + MAX_EVENTS + " events, " + instance.bufferKbPerCpu() + " KiB of buffer per CPU; read in "
            + cpuMillis.get() + " ms of the agent's CPU.");
        List<DropReasonCount> rest = DropAttribution.attribute(counts.byCause(), observations, lossOnNode(path, observations));
        drops.setUnattributed(new ArrayList<>(rest.subList(0, Math.min(rest.size(), MAX_UNATTRIBUTED))));
        return drops;
      } catch (ExecutionException e) {
        log.warn("kernel drop reasons not read: {}", e.getCause().toString());
        return KernelDrops.notAvailable("the trace could not be read (" + e.getCause().getMessage() + ")");
      } catch (TimeoutException e) {
        return KernelDrops.notAvailable("reading the trace took longer than " + 2 * READ_DEADLINE.toSeconds() + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return KernelDrops.notAvailable("interrupted");
      } finally {
        thread.shutdown();
      }
    }
  }
}
