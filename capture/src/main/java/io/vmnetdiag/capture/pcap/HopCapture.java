package io.vmnetdiag.capture.pcap;

import io.vmnetdiag.api.v1alpha1.CaptureStats;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PcapFile;
import io.vmnetdiag.capture.frame.FrameClass;
import io.vmnetdiag.capture.frame.FrameClassifier;
import io.vmnetdiag.capture.record.HopRecorder;
import io.vmnetdiag.capture.record.ProbeWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hop's capture: an armed capture source (the kernel's packet ring read directly, or pcap4j; see
 * {@link CaptureEngine}), the thread running its loop, and the recorder it feeds.
 * Packets are counted only when their kernel timestamp falls inside the window, so every hop
 * covers exactly the same span however late its thread starts. The source is opened on the loop
 * thread itself, which first enters the hop's network namespace when it names one: that thread is
 * dedicated and ends with the loop, so no pooled thread is ever left in another namespace.
 */
public final class HopCapture {
  private static final Logger LOG = LoggerFactory.getLogger(HopCapture.class);
  /**
   * The kernel hands a block of packets over when full or this long after its first packet (the block retire
   * timeout; pcap4j's read timeout), unless the caller picks another ({@code CaptureSettings.handOver()}).
   */
  public static final int READ_TIMEOUT_MILLIS = 100;
  /** Opening a handle takes milliseconds; a hung open must not hold up the other hops' window. */
  private static final long ARM_TIMEOUT_SECONDS = 10;

  private final Hop hop;
  private final String filter;
  private final int snapLength;
  private final FrameClassifier classifier;
  private final HopRecorder recorder;
  /** Null when no pcap files are wanted. */
  private final PcapRing pcap;
  private final CaptureEngine engine;
  private final int retireMillis;
  private final Thread thread;
  private final CountDownLatch armed = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  /** Set by the loop thread before it signals {@link #armed}. */
  private volatile CaptureSource source;
  private volatile CaptureFailure armFailure;
  private boolean abandoned;
  private volatile long windowStartMicros = Long.MAX_VALUE;
  private volatile long windowEndMicros = Long.MAX_VALUE;
  private volatile String failure;
  private boolean stopped;

  private HopCapture(Hop hop, String filter, int snapLength, FrameClassifier classifier, int sampleLines,
      PcapRing pcap, CaptureEngine engine, int retireMillis) {
    this.hop = hop;
    this.filter = filter;
    this.snapLength = snapLength;
    this.classifier = classifier;
    this.recorder = new HopRecorder(sampleLines);
    this.pcap = pcap;
    this.engine = engine;
    this.retireMillis = retireMillis;
    this.thread = new Thread(this::armAndLoop, "capture-" + hop.getInterfaceName());
    this.thread.setDaemon(true);
  }

  /** As {@link #open(Hop, String, int, FrameClassifier, int, PcapRing)} without pcap files. */
  public static HopCapture open(Hop hop, String filter, int snapLength, FrameClassifier classifier, int sampleLines)
      throws CaptureFailure {
    return open(hop, filter, snapLength, classifier, sampleLines, null);
  }

  /**
   * Opens and filters a capture source on the hop's interface, inside the hop's network namespace when it names
   * one, and returns once it is armed: from here on the kernel buffers its packets. {@code pcap} (nullable)
   * receives every packet of the window; its disk errors become the hop's failure note, never a lost count.
   */
  public static HopCapture open(Hop hop, String filter, int snapLength, FrameClassifier classifier, int sampleLines,
      PcapRing pcap) throws CaptureFailure {
    return open(hop, filter, snapLength, classifier, sampleLines, pcap, CaptureEngine.configured());
  }

  /** As {@link #open(Hop, String, int, FrameClassifier, int, PcapRing)} with the given capture engine. */
  public static HopCapture open(Hop hop, String filter, int snapLength, FrameClassifier classifier, int sampleLines,
      PcapRing pcap, CaptureEngine engine) throws CaptureFailure {
    return open(hop, filter, snapLength, classifier, sampleLines, pcap, engine, READ_TIMEOUT_MILLIS);
  }

  /**
   * As {@link #open(Hop, String, int, FrameClassifier, int, PcapRing, CaptureEngine)}, the kernel handing
   * packets over at least every {@code retireMillis} (1 ms or more).
   */
  public static HopCapture open(Hop hop, String filter, int snapLength, FrameClassifier classifier, int sampleLines,
      PcapRing pcap, CaptureEngine engine, int retireMillis) throws CaptureFailure {
    String name = hop.getInterfaceName();
    if (name == null || name.isBlank()) {
      throw new CaptureFailure("The hop names no interface to capture.");
    }
    HopCapture capture = new HopCapture(hop, filter, snapLength, classifier, sampleLines, pcap,
        engine == null ? CaptureEngine.configured() : engine, Math.max(1, retireMillis));
    capture.thread.start();
    capture.awaitArmed();
    return capture;
  }

  private void awaitArmed() throws CaptureFailure {
    boolean signalled;
    try {
      signalled = armed.await(ARM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      signalled = false;
    }
    if (!signalled && !abandonUnlessArmed()) {
      throw new CaptureFailure("Interface " + hop.getInterfaceName() + where() + " was not armed within "
          + ARM_TIMEOUT_SECONDS + " s.");
    }
    if (armFailure != null) {
      throw armFailure;
    }
  }

  /** True when the loop thread armed after all; otherwise it is told to close what it opens and end. */
  private synchronized boolean abandonUnlessArmed() {
    abandoned = armed.getCount() != 0;
    return !abandoned;
  }

  /** False when the opener gave up waiting: the handle is then nobody's and must be closed here. */
  private synchronized boolean signalArmed() {
    armed.countDown();
    return !abandoned;
  }

  /** The loop thread's whole life: enter the namespace, arm, wait for the window, loop, close the pcap files. */
  private void armAndLoop() {
    try {
      arm();
    } catch (CaptureFailure | RuntimeException e) {
      armFailure = e instanceof CaptureFailure f ? f
          : CaptureFailure.because("Could not arm interface " + hop.getInterfaceName() + where(), e);
      signalArmed();
      closePcap();
      return;
    }
    if (!signalArmed()) {
      source.close();
      closePcap();
      return;
    }
    awaitRelease();
    loop();
  }

  private void arm() throws CaptureFailure {
    String name = hop.getInterfaceName();
    if (hop.getNetworkNamespace() != null) {
      NetworkNamespace.enter(hop.getNetworkNamespace());
    }
    // Asked from this thread, so inside the hop's namespace.
    if (!InterfaceIndex.mayExist(name)) {
      throw new CaptureFailure("Interface " + name + " does not exist "
          + (hop.getNetworkNamespace() == null ? "on this node." : "in network namespace " + hop.getNetworkNamespace() + "."));
    }
    source = engine == CaptureEngine.PCAP4J
        ? Pcap4jSource.open(name + where(), name, snapLength, filter, retireMillis)
        : RingSource.open(name + where(), name, snapLength, filter, retireMillis);
    if (pcap != null) {
      try {
        pcap.open();
      } catch (RuntimeException e) {
        source.close();
        throw e;
      }
    }
  }

  /** " in network namespace P" for a hop elsewhere, "" for the agent's own namespace. */
  private String where() {
    return hop.getNetworkNamespace() == null ? "" : " in network namespace " + hop.getNetworkNamespace();
  }

  private void awaitRelease() {
    boolean interrupted = false;
    while (true) {
      try {
        released.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts only packets stamped within [start, end] (epoch microseconds). */
  public void setWindow(long startMicros, long endMicros) {
    windowEndMicros = endMicros;
    windowStartMicros = startMicros;
  }

  /** Follows this run's probes through this hop; call before {@link #start()}. */
  public void watchProbes(ProbeWatch.Hop probes) {
    recorder.watchProbes(probes);
  }

  /** Lets the armed loop thread start reading. */
  public void start() {
    released.countDown();
  }

  /** Asks the loop to return; safe to call more than once and before the loop has begun. */
  public void stop() {
    try {
      // Stop first, then release: a loop that had not begun returns at once.
      source.stop();
    } finally {
      released.countDown();
    }
  }

  /** Waits for the loop thread; false when it did not end in time. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    stopped = !thread.isAlive();
    return stopped;
  }

  /** What the hop has seen so far (counts, lookups, the VM's source addresses); safe from any thread. */
  public HopObservation liveSnapshot() {
    return recorder.liveSnapshot(hop);
  }

  /** Reads the statistics, closes the source and reports what the hop saw. Call after {@link #awaitStopped}. */
  public HopObservation finish() {
    HopObservation observation = recorder.observation(hop);
    CaptureStats stats = observation.getCapture();
    observation.setPcapFiles(pcapFiles());
    if (!stopped) {
      // Closing a source under a running loop would free memory the loop still reads: leave it.
      observation.setFailure("Capture on interface " + hop.getInterfaceName() + " did not stop at the end of the window.");
      return observation;
    }
    try {
      source.readStatistics(stats);
    } catch (CaptureFailure e) {
      LOG.warn("Could not read capture statistics of {}: {}", hop.getInterfaceName(), e.getMessage());
    } finally {
      source.close();
    }
    observation.setFailure(failure);
    return observation;
  }

  /** The pcap files written for this hop, oldest first; empty without pcap. Call after {@link #awaitStopped}. */
  public List<PcapFile> pcapFiles() {
    return pcap == null ? new ArrayList<>() : pcap.files();
  }

  private void loop() {
    String loopFailure = null;
    try {
      source.loop(new WindowSink());
    } catch (CaptureFailure | RuntimeException e) {
      loopFailure = CaptureFailure.because("Capture on interface " + hop.getInterfaceName() + where() + " stopped early", e)
          .getMessage();
      LOG.warn(loopFailure);
    }
    closePcap();
    String pcapFailure = pcap == null ? null : pcap.failure();
    if (pcapFailure != null) {
      LOG.warn("Hop {}: {}", hop, pcapFailure);
    }
    failure = loopFailure == null ? pcapFailure : pcapFailure == null ? loopFailure : loopFailure + " " + pcapFailure;
  }

  private void closePcap() {
    if (pcap != null) {
      pcap.close();
    }
  }

  /**
   * Counts the frames whose kernel timestamp falls inside the window. A class of its own rather than a method
   * reference: the per-packet call chain is one method shorter, and the JIT compiles the chain once less.
   */
  private final class WindowSink implements FrameSink {
    /** One frame from the source; {@code frame} may be reused once this returns (the recorder copies what it keeps). */
    @Override
    public void accept(byte[] frame, int originalLength, long micros) {
      if (micros < windowStartMicros || micros > windowEndMicros) {
        return;
      }
      FrameClass frameClass = classifier.classify(frame);
      recorder.record(frameClass, classifier.lastFacts(), frame, originalLength, micros);
      if (pcap != null) {
        pcap.write(frame, originalLength, micros);
      }
    }
  }
}
