package io.vmnetdiag.capture.pcap;

import io.vmnetdiag.api.v1alpha1.CaptureStats;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.capture.frame.FrameClass;
import io.vmnetdiag.capture.frame.FrameClassifier;
import io.vmnetdiag.capture.record.HopRecorder;
import java.sql.Timestamp;
import java.time.Duration;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hop's capture: an armed pcap handle, the thread running its loop, and the recorder it feeds.
 * Packets are counted only when their kernel timestamp falls inside the window, so every hop
 * covers exactly the same span however late its thread starts.
 */
public final class HopCapture {
  private static final Logger LOG = LoggerFactory.getLogger(HopCapture.class);
  /** Buffered mode hands over a block when full or after this long; also the block retire timeout. */
  public static final int READ_TIMEOUT_MILLIS = 100;
  private static final int BUFFER_BYTES = 8 * 1024 * 1024;

  private final Hop hop;
  private final PcapHandle handle;
  private final FrameClassifier classifier;
  private final HopRecorder recorder;
  private final Thread thread;
  private volatile long windowStartMicros = Long.MAX_VALUE;
  private volatile long windowEndMicros = Long.MAX_VALUE;
  private volatile String failure;
  private boolean stopped;

  private HopCapture(Hop hop, PcapHandle handle, FrameClassifier classifier, int sampleLines) {
    this.hop = hop;
    this.handle = handle;
    this.classifier = classifier;
    this.recorder = new HopRecorder(sampleLines);
    this.thread = new Thread(this::loop, "capture-" + hop.getInterfaceName());
    this.thread.setDaemon(true);
  }

  /** Opens and filters a handle on the hop's interface: from here on the kernel buffers its packets. */
  public static HopCapture open(Hop hop, String filter, int snapLength, FrameClassifier classifier, int sampleLines)
      throws CaptureFailure {
    String name = hop.getInterfaceName();
    if (name == null || name.isBlank()) {
      throw new CaptureFailure("The hop names no interface to capture.");
    }
    if (!InterfaceIndex.mayExist(name)) {
      throw new CaptureFailure("Interface " + name + " does not exist on this node.");
    }
    PcapHandle handle = openHandle(name, snapLength);
    try {
      DataLinkType linkType = handle.getDlt();
      if (!DataLinkType.EN10MB.equals(linkType)) {
        throw new CaptureFailure("Interface " + name + " has link type " + linkType.name()
            + ", but only Ethernet interfaces can be captured.");
      }
      handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
      return new HopCapture(hop, handle, classifier, sampleLines);
    } catch (PcapNativeException | NotOpenException e) {
      handle.close();
      throw CaptureFailure.because("Could not set the capture filter on interface " + name, e);
    } catch (CaptureFailure | RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  private static PcapHandle openHandle(String name, int snapLength) throws CaptureFailure {
    try {
      PcapLibrary.configure();
      return new PcapHandle.Builder(name)
          .snaplen(snapLength)
          .promiscuousMode(PromiscuousMode.PROMISCUOUS)
          .timeoutMillis(READ_TIMEOUT_MILLIS)
          .bufferSize(BUFFER_BYTES)
          .immediateMode(false)
          .build();
    } catch (PcapNativeException e) {
      throw CaptureFailure.because("Could not open interface " + name + " for capture", e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw CaptureFailure.because("libpcap could not be loaded to capture interface " + name, e);
    }
  }

  /** Counts only packets stamped within [start, end] (epoch microseconds). */
  public void setWindow(long startMicros, long endMicros) {
    windowEndMicros = endMicros;
    windowStartMicros = startMicros;
  }

  /** Starts the capture thread. */
  public void start() {
    thread.start();
  }

  /** Asks the loop to return; safe to call more than once and before the loop has begun. */
  public void stop() {
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      // already closed: nothing is looping
    }
  }

  /** Waits for the loop thread; false when it did not end in time. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    stopped = !thread.isAlive();
    return stopped;
  }

  /** Reads the statistics, closes the handle and reports what the hop saw. Call after {@link #awaitStopped}. */
  /** Packets to or from the VM so far; safe to call from any thread while the loop runs. */
  public long relatedPacketsSoFar() {
    return recorder.relatedPackets();
  }

  public HopObservation finish() {
    HopObservation observation = new HopObservation(hop.getRole(), hop.getInterfaceName());
    observation.setToVm(recorder.toVm());
    observation.setFromVm(recorder.fromVm());
    observation.setSamples(recorder.samples());
    CaptureStats stats = new CaptureStats();
    stats.setCaptured(recorder.packets());
    observation.setCapture(stats);
    if (!stopped) {
      // Closing a handle under a running loop would free memory the loop still reads: leave it.
      observation.setFailure("Capture on interface " + hop.getInterfaceName() + " did not stop at the end of the window.");
      return observation;
    }
    try {
      PcapStat pcapStat = handle.getStats();
      stats.setReceived(pcapStat.getNumPacketsReceived());
      stats.setDroppedByKernel(pcapStat.getNumPacketsDropped());
      stats.setDroppedByInterface(pcapStat.getNumPacketsDroppedByIf());
    } catch (PcapNativeException | NotOpenException e) {
      LOG.warn("Could not read capture statistics of {}: {}", hop.getInterfaceName(), e.getMessage());
    } finally {
      handle.close();
    }
    observation.setFailure(failure);
    return observation;
  }

  private void loop() {
    RawPacketListener listener = this::onPacket;
    try {
      handle.loop(-1, listener);
    } catch (InterruptedException e) {
      // breakLoop(): the normal end of the window
    } catch (PcapNativeException | NotOpenException | RuntimeException e) {
      failure = CaptureFailure.because("Capture on interface " + hop.getInterfaceName() + " stopped early", e)
          .getMessage();
      LOG.warn(failure);
    }
  }

  private void onPacket(byte[] frame) {
    Timestamp timestamp = handle.getTimestamp();
    long micros = timestamp == null ? System.currentTimeMillis() * 1000
        : Math.floorDiv(timestamp.getTime(), 1000) * 1_000_000L + timestamp.getNanos() / 1000;
    if (micros < windowStartMicros || micros > windowEndMicros) {
      return;
    }
    Integer originalLength = handle.getOriginalLength();
    FrameClass frameClass = classifier.classify(frame);
    recorder.record(frameClass.direction(), frameClass.kind(), frame,
        originalLength == null ? frame.length : originalLength, micros);
  }
}
