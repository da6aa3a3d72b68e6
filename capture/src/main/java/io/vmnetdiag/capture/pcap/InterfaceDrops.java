package io.vmnetdiag.capture.pcap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An interface's receive drops as the kernel counts them: the "drop" column of /proc/net/dev (rx_dropped
 * plus rx_missed_errors), which libpcap reports as ps_ifdrop. Read through /proc/thread-self, so a thread
 * that entered a hop's network namespace sees that namespace's interfaces (sysfs would show the mount's).
 */
final class InterfaceDrops {
  /** When the counter cannot be read. */
  static final long UNKNOWN = -1;
  private static final Path PROC_NET_DEV = Path.of("/proc/thread-self/net/dev");
  private static final int RECEIVE_DROP_FIELD = 3;

  private InterfaceDrops() {
  }

  /** The calling thread's namespace's receive drops on {@code interfaceName}, or {@link #UNKNOWN}. */
  static long read(String interfaceName) {
    try {
      return parse(Files.readString(PROC_NET_DEV), interfaceName);
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  /** The receive "drop" count of {@code interfaceName} in a /proc/net/dev text, or {@link #UNKNOWN}. */
  static long parse(String procNetDev, String interfaceName) {
    for (String line : procNetDev.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).strip().equals(interfaceName)) {
        continue;
      }
      String[] fields = line.substring(colon + 1).strip().split("\\s+");
      if (fields.length <= RECEIVE_DROP_FIELD) {
        return UNKNOWN;
      }
      try {
        long drops = Long.parseLong(fields[RECEIVE_DROP_FIELD]);
        return drops < 0 ? UNKNOWN : drops;
      } catch (NumberFormatException e) {
        return UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  /** Drops between two readings; 0 when either is unknown or the counter went back (the device was re-created). */
  static long between(long before, long after) {
    return before < 0 || after < before ? 0 : after - before;
  }
}
