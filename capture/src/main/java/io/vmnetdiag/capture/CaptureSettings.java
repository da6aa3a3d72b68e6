package io.vmnetdiag.capture;

import io.vmnetdiag.capture.filter.BpfFilter;
import io.vmnetdiag.capture.record.ProbeWatch;
import java.time.Duration;
import java.util.List;

/**
 * What to capture for one VM: its MAC (required), its IP (IPv4 or IPv6 literal, may be null), the
 * window every hop is captured for, bytes kept per packet, an optional peer/port focus, and how many
 * sample lines to keep at each end of the window, optionally where to write pcap files (null: none), and
 * optionally the identities of the probes to follow across the hops (null: none).
 */
public record CaptureSettings(String vmMac, String vmAddress, Duration window, int snapLength,
    List<String> peers, List<Integer> ports, int sampleLines, PcapSettings pcap, ProbeWatch probeWatch) {
  public static final Duration MAX_WINDOW = Duration.ofHours(1);
  public static final int MIN_SNAP_LENGTH = 64;
  public static final int MAX_SNAP_LENGTH = 262_144;
  public static final int MAX_SAMPLE_LINES = 1000;
  private static final Duration MIN_HAND_OVER = Duration.ofMillis(20);
  private static final Duration MAX_HAND_OVER = Duration.ofMillis(250);

  /** Validates every field; the filter is built here once so bad input fails before any capture. */
  public CaptureSettings {
    if (window == null || window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("Capture window must be between 1 ms and 1 h, got " + window);
    }
    if (snapLength < MIN_SNAP_LENGTH || snapLength > MAX_SNAP_LENGTH) {
      throw new IllegalArgumentException("Snap length must be between " + MIN_SNAP_LENGTH + " and "
          + MAX_SNAP_LENGTH + " bytes, got " + snapLength);
    }
    if (sampleLines < 0 || sampleLines > MAX_SAMPLE_LINES) {
      throw new IllegalArgumentException("Sample lines must be between 0 and " + MAX_SAMPLE_LINES
          + ", got " + sampleLines);
    }
    peers = peers == null ? List.of() : List.copyOf(requireNoNulls(peers, "peer address"));
    ports = ports == null ? List.of() : List.copyOf(requireNoNulls(ports, "port"));
    BpfFilter.build(vmMac, vmAddress, peers, ports);
  }

  /** Settings whose probes, if any, are not followed. */
  public CaptureSettings(String vmMac, String vmAddress, Duration window, int snapLength,
      List<String> peers, List<Integer> ports, int sampleLines, PcapSettings pcap) {
    this(vmMac, vmAddress, window, snapLength, peers, ports, sampleLines, pcap, null);
  }

  /** Settings without pcap files. */
  public CaptureSettings(String vmMac, String vmAddress, Duration window, int snapLength,
      List<String> peers, List<Integer> ports, int sampleLines) {
    this(vmMac, vmAddress, window, snapLength, peers, ports, sampleLines, null);
  }

  /**
   * How long the kernel may hold captured packets before handing a block over: an eighth of the window,
   * between 20 and 250 ms. Long, because every block handed over wakes the capture thread, which costs as
   * much as a few hundred packets; short enough that the window's first eighth has been handed over by
   * its first quarter, when the probe policy looks at what was captured so far.
   */
  public Duration handOver() {
    Duration eighth = window.dividedBy(8);
    return eighth.compareTo(MIN_HAND_OVER) < 0 ? MIN_HAND_OVER : eighth.compareTo(MAX_HAND_OVER) > 0 ? MAX_HAND_OVER : eighth;
  }

  /** The libpcap filter for these settings. */
  public String bpfFilter() {
    return BpfFilter.build(vmMac, vmAddress, peers, ports);
  }

  private static <T> List<T> requireNoNulls(List<T> values, String what) {
    // Not values.contains(null): immutable lists throw on that question.
    if (values.stream().anyMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException("A " + what + " in the capture focus is missing (null)");
    }
    return values;
  }
}
