package io.vmnetdiag.capture.probe;

import io.vmnetdiag.capture.pcap.PcapLibrary;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;

/** Injects whole Ethernet frames on one interface; closing it releases the interface. */
public interface FrameSender extends AutoCloseable {
  void send(byte[] frame) throws ProbeFailure;

  @Override
  void close();

  /** Opens a sender on an interface of the calling thread's network namespace. */
  @FunctionalInterface
  interface Opener {
    FrameSender open(String interfaceName) throws ProbeFailure;
  }

  /**
   * pcap_inject on a libpcap handle: hand-built frames, no raw IP sockets, so the node's routing table
   * and firewall never pick another source or interface. The handle only sends: its filter admits
   * nothing, so the kernel buffers no copies of the bridge's traffic for it.
   */
  static Opener pcap() {
    return name -> {
      PcapHandle handle;
      try {
        PcapLibrary.configure();
        handle = new PcapHandle.Builder(name).snaplen(64).timeoutMillis(10).bufferSize(64 * 1024).build();
      } catch (PcapNativeException | UnsatisfiedLinkError | NoClassDefFoundError e) {
        throw new ProbeFailure("Could not open interface " + name + " to send probes: " + e.getMessage());
      }
      try {
        handle.setFilter("less 1", BpfCompileMode.OPTIMIZE);
      } catch (PcapNativeException | NotOpenException e) {
        handle.close();
        throw new ProbeFailure("Could not prepare interface " + name + " to send probes: " + e.getMessage());
      }
      return new FrameSender() {
        @Override
        public void send(byte[] frame) throws ProbeFailure {
          try {
            handle.sendPacket(frame);
          } catch (PcapNativeException | NotOpenException e) {
            throw new ProbeFailure("Sending a probe on " + name + " failed: " + e.getMessage());
          }
        }

        @Override
        public void close() {
          handle.close();
        }
      };
    };
  }
}
