package io.vmnetdiag.capture.pcap;

import io.vmnetdiag.api.v1alpha1.CaptureStats;
import java.sql.Timestamp;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.pcap4j.packet.namednumber.DataLinkType;

/** Capture through pcap4j's {@code loop()}: one JNA callback per packet. The fallback engine. */
final class Pcap4jSource implements CaptureSource {
  private static final int BUFFER_BYTES = 8 * 1024 * 1024;

  private final PcapHandle handle;

  private Pcap4jSource(PcapHandle handle) {
    this.handle = handle;
  }

  /** Opens, checks and filters a handle on {@code name}; {@code described} names it in failure sentences. */
  static Pcap4jSource open(String described, String name, int snapLength, String filter, int timeoutMillis)
      throws CaptureFailure {
    PcapHandle opened = openHandle(described, name, snapLength, timeoutMillis);
    try {
      DataLinkType linkType = opened.getDlt();
      if (!DataLinkType.EN10MB.equals(linkType)) {
        throw new CaptureFailure("Interface " + described + " has link type " + linkType.name()
            + ", but only Ethernet interfaces can be captured.");
      }
      opened.setFilter(filter, BpfCompileMode.OPTIMIZE);
    } catch (PcapNativeException | NotOpenException e) {
      opened.close();
      throw CaptureFailure.because("Could not set the capture filter on interface " + described, e);
    } catch (CaptureFailure | RuntimeException e) {
      opened.close();
      throw e;
    }
    return new Pcap4jSource(opened);
  }

  private static PcapHandle openHandle(String described, String name, int snapLength, int timeoutMillis)
      throws CaptureFailure {
    try {
      PcapLibrary.configure();
      return new PcapHandle.Builder(name)
          .snaplen(snapLength)
          .promiscuousMode(PromiscuousMode.PROMISCUOUS)
          .timeoutMillis(timeoutMillis)
          .bufferSize(BUFFER_BYTES)
          .immediateMode(false)
          .build();
    } catch (PcapNativeException e) {
      throw CaptureFailure.because("Could not open interface " + described + " for capture", e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw CaptureFailure.because("libpcap could not be loaded to capture interface " + described, e);
    }
  }

  @Override
  public void loop(FrameSink sink) throws CaptureFailure {
    RawPacketListener listener = frame -> {
      Timestamp timestamp = handle.getTimestamp();
      long micros = timestamp == null ? System.currentTimeMillis() * 1000
          : Math.floorDiv(timestamp.getTime(), 1000) * 1_000_000L + timestamp.getNanos() / 1000;
      Integer originalLength = handle.getOriginalLength();
      sink.accept(frame, originalLength == null ? frame.length : originalLength, micros);
    };
    try {
      handle.loop(-1, listener);
    } catch (InterruptedException e) {
      // breakLoop(): the normal end of the window
    } catch (PcapNativeException | NotOpenException | RuntimeException e) {
      throw CaptureFailure.because("pcap loop failed", e);
    }
  }

  @Override
  public void stop() {
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      // already closed: nothing is looping
    }
  }

  @Override
  public void readStatistics(CaptureStats stats) throws CaptureFailure {
    try {
      PcapStat pcapStat = handle.getStats();
      stats.setReceived(pcapStat.getNumPacketsReceived());
      stats.setDroppedByKernel(pcapStat.getNumPacketsDropped());
      stats.setDroppedByInterface(pcapStat.getNumPacketsDroppedByIf());
    } catch (PcapNativeException | NotOpenException e) {
      throw CaptureFailure.because("pcap_stats failed", e);
    }
  }

  @Override
  public void close() {
    handle.close();
  }
}
