package io.vmnetdiag.capture.pcap;

import io.vmnetdiag.api.v1alpha1.CaptureStats;
import java.nio.ByteBuffer;

/**
 * Capture through a TPACKET_V3 ring of our own ({@link LinuxPacketSocket}, {@link PacketRing}): Java only
 * calls into the kernel when no block is ready, so a packet costs a copy of its captured bytes and the
 * sink's work, as in tcpdump, instead of a native-to-Java callback.
 */
final class RingSource implements CaptureSource {
  /**
   * 16 blocks of 512 KiB: 8 MiB like tcpdump -B 8192. Each block handed over wakes the capture thread, and a
   * wake-up costs as much as a few hundred packets; at 25 kpps a 256 KiB block (libpcap's size) fills 14
   * times a second, a 512 KiB one 7 times. Fifteen blocks stay free while we read one (with 8 blocks of
   * 1 MiB, the kernel dropped packets at full rate while the first block was walked by unwarmed code).
   */
  static final int BLOCK_BYTES = 512 * 1024;
  static final int BLOCKS = 16;
  static final int FRAME_BYTES = 2048;

  private final LinuxPacketSocket socket;
  private final PacketRing ring;
  /**
   * How long a poll waits: the longest a stop request waits to be seen. As long as the block retire
   * timeout, so a lightly used ring wakes the thread about once per block rather than more often.
   */
  private final int pollMillis;
  private final String interfaceName;
  /** The interface's receive drops when armed and when the loop ended, both read inside the hop's namespace. */
  private final long interfaceDropsAtStart;
  private volatile long interfaceDropsAtEnd = InterfaceDrops.UNKNOWN;
  private volatile boolean stopping;
  private long received;
  private long dropped;

  private RingSource(LinuxPacketSocket socket, PacketRing ring, int pollMillis, String interfaceName) {
    this.socket = socket;
    this.ring = ring;
    this.pollMillis = pollMillis;
    this.interfaceName = interfaceName;
    this.interfaceDropsAtStart = InterfaceDrops.read(interfaceName);
  }

  /**
   * Opens {@code name} in the calling thread's namespace, checks it is Ethernet, attaches {@code filter} and
   * arms the ring; {@code described} names the interface (and namespace) in failure sentences.
   */
  static RingSource open(String described, String name, int snapLength, String filter, int retireMillis)
      throws CaptureFailure {
    BpfCode code = BpfCode.compile(filter, snapLength);
    LinuxPacketSocket socket;
    try {
      socket = LinuxPacketSocket.open(name);
    } catch (CaptureFailure e) {
      throw CaptureFailure.because("Could not open interface " + described + " for capture", e);
    }
    try {
      int type = socket.hardwareType();
      if (type != LinuxPacketSocket.ARPHRD_ETHER && type != LinuxPacketSocket.ARPHRD_LOOPBACK) {
        throw new CaptureFailure("Interface " + described + " has link type " + linkTypeName(type)
            + ", but only Ethernet interfaces can be captured.");
      }
      ByteBuffer mapped;
      try {
        mapped = socket.arm(code, BLOCK_BYTES, BLOCKS, FRAME_BYTES, retireMillis);
      } catch (CaptureFailure e) {
        throw CaptureFailure.because("Could not arm the capture on interface " + described, e);
      }
      PacketRing ring = new PacketRing(mapped, BLOCK_BYTES, BLOCKS, snapLength,
          type == LinuxPacketSocket.ARPHRD_LOOPBACK);
      return new RingSource(socket, ring, retireMillis, name);
    } catch (CaptureFailure | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public void loop(FrameSink sink) throws CaptureFailure {
    try {
      // Blocks retired while we were told to stop still belong to the window's tail: pump drains them.
      ring.pump(sink, new PacketRing.Pace() {
        @Override
        public boolean running() {
          return !stopping;
        }

        @Override
        public void awaitBlock() throws CaptureFailure {
          socket.poll(pollMillis);
        }
      });
    } finally {
      // Still on the hop's thread, so still inside its namespace.
      interfaceDropsAtEnd = InterfaceDrops.read(interfaceName);
    }
  }

  @Override
  public void stop() {
    stopping = true;
  }

  @Override
  public void readStatistics(CaptureStats stats) throws CaptureFailure {
    long[] counts = socket.takeStatistics();
    received += counts[0];
    dropped += counts[1];
    stats.setReceived(received);
    stats.setDroppedByKernel(dropped);
    stats.setDroppedByInterface(InterfaceDrops.between(interfaceDropsAtStart, interfaceDropsAtEnd));
  }

  @Override
  public void close() {
    socket.close();
  }

  /** libpcap's name for the link type it would pick for this ARPHRD_* type. */
  static String linkTypeName(int arphrd) {
    return switch (arphrd) {
      case 65534, 768, 769, 776, 778, 823 -> "RAW"; // NONE (tun), TUNNEL, TUNNEL6, SIT, IPGRE, IP6GRE
      case 512, 801, 803 -> "LINUX_SLL"; // PPP, IEEE80211, IEEE80211_RADIOTAP
      case 32 -> "IPOIB";
      case 280 -> "CAN";
      default -> "ARPHRD_" + arphrd;
    };
  }
}
