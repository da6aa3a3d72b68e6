package io.vmnetdiag.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * A process's CPU time in nanoseconds from its kernel CPU clock: all threads, ended ones included,
 * without the 10 ms ticks of /proc/PID/stat (a tcpdump at 25 kpps uses only a few ticks per run).
 *
 * <p>As a program: {@code CpuClock PID...} prints "PID=nanos" lines (-1 for a process it cannot read).
 */
public final class CpuClock {
  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
  /** The clock kind "scheduler run time" in the kernel's encoding of per-process CPU clock ids. */
  private static final int CPUCLOCK_SCHED = 2;
  /** The kernel's PID_MAX_LIMIT: larger numbers are no process, and would not fit the 32-bit clock id. */
  private static final int PID_MAX_LIMIT = 4 * 1024 * 1024;

  /** struct timespec on 64-bit Linux. */
  @Structure.FieldOrder({"seconds", "nanos"})
  public static final class Timespec extends Structure {
    public long seconds;
    public long nanos;
  }

  private interface LibC extends Library {
    int clock_gettime(int clockId, Timespec time);
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  private CpuClock() {
  }

  /** This process's CPU time in nanoseconds, or -1. */
  public static long selfNanos() {
    return read(CLOCK_PROCESS_CPUTIME_ID);
  }

  /** Another process's CPU time in nanoseconds (what clock_getcpuclockid(3) would read), or -1. */
  public static long processNanos(int pid) {
    return pid <= 0 || pid > PID_MAX_LIMIT ? -1 : read(processClockId(pid));
  }

  /** The kernel's clock id for a whole process: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED). */
  static int processClockId(int pid) {
    return (~pid << 3) | CPUCLOCK_SCHED;
  }

  private static long read(int clockId) {
    try {
      Timespec time = new Timespec();
      if (Holder.LIBC.clock_gettime(clockId, time) != 0) {
        return -1;
      }
      time.read();
      return time.seconds * 1_000_000_000L + time.nanos;
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return -1;
    }
  }

  public static void main(String[] args) {
    for (String arg : args) {
      long nanos;
      try {
        nanos = processNanos(Integer.parseInt(arg.trim()));
      } catch (NumberFormatException e) {
        nanos = -1;
      }
      System.out.println(arg + "=" + nanos);
    }
  }
}
