package io.vmnetdiag.capture.pcap;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An AF_PACKET socket with a TPACKET_V3 receive ring mapped into our memory, bound to one interface of the
 * calling thread's network namespace, promiscuous and filtered: what libpcap sets up for tcpdump, through
 * JNA. Struct layouts are those of {@code linux/if_packet.h}, {@code linux/filter.h} and {@code net/if.h}
 * on 64-bit Linux; {@code PacketRingLayoutTest} checks them.
 */
final class LinuxPacketSocket implements AutoCloseable {
  static final int AF_PACKET = 17;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int ETH_P_ALL = 0x0003;
  static final int SOL_SOCKET = 1;
  static final int SO_ATTACH_FILTER = 26;
  static final int SOL_PACKET = 263;
  static final int PACKET_ADD_MEMBERSHIP = 1;
  static final int PACKET_RX_RING = 5;
  static final int PACKET_STATISTICS = 6;
  static final int PACKET_VERSION = 10;
  static final int TPACKET_V3 = 2;
  static final int PACKET_MR_PROMISC = 1;
  static final long SIOCGIFHWADDR = 0x8927;
  static final int ARPHRD_ETHER = 1;
  static final int ARPHRD_LOOPBACK = 772;
  // struct tpacket_req3: seven unsigned ints.
  static final int REQ3_BYTES = 28;
  // struct sockaddr_ll { u16 family; be16 protocol; int ifindex; u16 hatype; u8 pkttype, halen; u8 addr[8]; }
  static final int SOCKADDR_LL_BYTES = 20;
  // struct packet_mreq { int ifindex; u16 type; u16 alen; u8 address[8]; }
  static final int PACKET_MREQ_BYTES = 16;
  // struct sock_fprog { unsigned short len; struct sock_filter *filter; } on 64-bit.
  static final int SOCK_FPROG_BYTES = 16;
  static final int SOCK_FPROG_FILTER = 8;
  // struct tpacket_stats_v3 { unsigned int tp_packets, tp_drops, tp_freeze_q_cnt; }
  static final int STATS_V3_BYTES = 12;
  // struct ifreq: char ifr_name[16]; then the union, whose struct sockaddr starts with sa_family.
  static final int IFREQ_BYTES = 40;
  static final int IFREQ_HWADDR_FAMILY = 16;
  private static final int IFNAMSIZ = 16;
  private static final short POLLIN = 0x1;
  private static final short POLLERR = 0x8;
  private static final int POLLFD_BYTES = 8;
  private static final int PROT_READ = 1;
  private static final int PROT_WRITE = 2;
  private static final int MAP_SHARED = 1;
  private static final int EINTR = 4;

  private interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    int getsockopt(int fd, int level, int name, Pointer value, IntByReference length) throws LastErrorException;

    int bind(int fd, Pointer address, int length) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Pointer argument) throws LastErrorException;

    Pointer mmap(Pointer address, NativeLong length, int protection, int flags, int fd, NativeLong offset)
        throws LastErrorException;

    int munmap(Pointer address, NativeLong length) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int if_nametoindex(String name);
  }

  /**
   * poll(2) bound by JNA direct mapping: the capture thread calls it whenever the ring is empty, and an
   * interface-mapped call goes through reflection and argument boxing each time.
   */
  private static final class DirectPoll {
    static {
      Native.register(DirectPoll.class, NativeLibrary.getInstance("c"));
    }

    private DirectPoll() {
    }

    static native int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;
  }

  private static volatile LibC libc;

  private final LibC lib;
  private final int fd;
  private final int interfaceIndex;
  private final int hardwareType;
  /** struct pollfd { int fd; short events; short revents; }: a direct buffer, read without a call into JNA. */
  private final ByteBuffer pollFd = ByteBuffer.allocateDirect(POLLFD_BYTES).order(ByteOrder.nativeOrder());
  /** Its address, passed to poll: JNA reads a Pointer's address directly, but asks a Buffer for its position through a call into Java. */
  private final Pointer pollFdAddress = Native.getDirectBufferPointer(pollFd);
  private final Memory stats = new Memory(STATS_V3_BYTES);
  private Pointer mapped;
  private long mappedBytes;
  private boolean closed;

  private LinuxPacketSocket(LibC lib, int fd, int interfaceIndex, int hardwareType) {
    this.lib = lib;
    this.fd = fd;
    this.interfaceIndex = interfaceIndex;
    this.hardwareType = hardwareType;
    pollFd.putInt(0, fd);
    pollFd.putShort(4, POLLIN);
  }

  /**
   * Opens a packet socket on {@code name} that receives nothing yet (protocol 0) and reads the interface's
   * hardware type; {@link #arm} then sets the ring, filter and promiscuity up and binds it.
   */
  static LinuxPacketSocket open(String name) throws CaptureFailure {
    LibC lib;
    try {
      lib = lib();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw CaptureFailure.because("The C library could not be loaded to capture interface " + name, e);
    }
    int index = lib.if_nametoindex(name);
    if (index == 0) {
      throw new CaptureFailure("Interface " + name + " does not exist.");
    }
    int fd;
    try {
      fd = lib.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw new CaptureFailure("Could not open a packet socket: " + errno(e)
          + (e.getErrorCode() == 1 ? " (the agent needs CAP_NET_RAW)." : "."));
    }
    LinuxPacketSocket socket = null;
    try {
      socket = new LinuxPacketSocket(lib, fd, index, hardwareType(lib, fd, name));
      return socket;
    } finally {
      if (socket == null) {
        closeQuietly(lib, fd);
      }
    }
  }

  /** The interface's ARPHRD_* type (1 for Ethernet). */
  int hardwareType() {
    return hardwareType;
  }

  int interfaceIndex() {
    return interfaceIndex;
  }

  /**
   * Attaches {@code filter}, maps a ring of {@code blockCount} blocks of {@code blockSize} bytes (a block is
   * handed over when full or {@code retireMillis} after its first packet), turns promiscuous mode on and
   * binds to the interface for all protocols. The filter is in place before the first packet can arrive.
   */
  ByteBuffer arm(BpfCode filter, int blockSize, int blockCount, int frameSize, int retireMillis) throws CaptureFailure {
    Memory version = new Memory(4);
    version.setInt(0, TPACKET_V3);
    setOption(SOL_PACKET, PACKET_VERSION, version, 4, "select TPACKET_V3");

    Memory program = new Memory(SOCK_FPROG_BYTES);
    program.clear();
    program.setShort(0, (short) filter.count());
    program.setPointer(SOCK_FPROG_FILTER, filter.instructions());
    setOption(SOL_SOCKET, SO_ATTACH_FILTER, program, SOCK_FPROG_BYTES, "attach the capture filter");

    Memory request = new Memory(REQ3_BYTES);
    request.clear();
    request.setInt(0, blockSize);
    request.setInt(4, blockCount);
    request.setInt(8, frameSize);
    request.setInt(12, blockSize / frameSize * blockCount);
    request.setInt(16, retireMillis);
    setOption(SOL_PACKET, PACKET_RX_RING, request, REQ3_BYTES, "set up the receive ring");

    long bytes = (long) blockSize * blockCount;
    try {
      mapped = lib.mmap(null, new NativeLong(bytes), PROT_READ | PROT_WRITE, MAP_SHARED, fd, new NativeLong(0));
      mappedBytes = bytes;
    } catch (LastErrorException e) {
      throw new CaptureFailure("Could not map the receive ring: " + errno(e) + ".");
    }

    Memory membership = new Memory(PACKET_MREQ_BYTES);
    membership.clear();
    membership.setInt(0, interfaceIndex);
    membership.setShort(4, (short) PACKET_MR_PROMISC);
    setOption(SOL_PACKET, PACKET_ADD_MEMBERSHIP, membership, PACKET_MREQ_BYTES, "turn promiscuous mode on");

    Memory address = new Memory(SOCKADDR_LL_BYTES);
    address.clear();
    address.setShort(0, (short) AF_PACKET);
    address.setShort(2, Short.reverseBytes((short) ETH_P_ALL));
    address.setInt(4, interfaceIndex);
    try {
      lib.bind(fd, address, SOCKADDR_LL_BYTES);
    } catch (LastErrorException e) {
      throw new CaptureFailure("Could not bind the packet socket to the interface: " + errno(e) + ".");
    }
    return mapped.getByteBuffer(0, bytes);
  }

  /** Waits up to {@code timeoutMillis} for a block; false on timeout or interruption, throws when the socket failed. */
  boolean poll(int timeoutMillis) throws CaptureFailure {
    // poll(2) sets revents itself on return.
    int ready;
    try {
      ready = DirectPoll.poll(pollFdAddress, 1, timeoutMillis);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == EINTR) {
        return false;
      }
      throw new CaptureFailure("Waiting for packets failed: " + errno(e) + ".");
    }
    if (ready > 0 && (pollFd.getShort(6) & POLLERR) != 0) {
      throw new CaptureFailure("The packet socket reported an error (did the interface go down or away?).");
    }
    return ready > 0;
  }

  /**
   * The kernel's counters since the last call (reading resets them): {packets that passed the filter,
   * of which dropped for lack of room in the ring}.
   */
  long[] takeStatistics() throws CaptureFailure {
    IntByReference length = new IntByReference(STATS_V3_BYTES);
    try {
      lib.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, stats, length);
    } catch (LastErrorException e) {
      throw new CaptureFailure("Could not read the capture statistics: " + errno(e) + ".");
    }
    return new long[] {stats.getInt(0) & 0xffffffffL, stats.getInt(4) & 0xffffffffL};
  }

  /** Unmaps the ring and closes the socket (which ends promiscuous mode); safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (mapped != null) {
      try {
        lib.munmap(mapped, new NativeLong(mappedBytes));
      } catch (LastErrorException e) {
        // nothing else holds the mapping; the kernel frees it with the socket at exit
      }
      mapped = null;
    }
    closeQuietly(lib, fd);
  }

  private void setOption(int level, int option, Pointer value, int length, String purpose) throws CaptureFailure {
    try {
      lib.setsockopt(fd, level, option, value, length);
    } catch (LastErrorException e) {
      throw new CaptureFailure("Could not " + purpose + " on the packet socket: " + errno(e) + ".");
    }
  }

  private static int hardwareType(LibC lib, int fd, String name) throws CaptureFailure {
    Memory request = new Memory(IFREQ_BYTES);
    request.clear();
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    request.write(0, bytes, 0, Math.min(bytes.length, IFNAMSIZ - 1));
    try {
      lib.ioctl(fd, new NativeLong(SIOCGIFHWADDR), request);
    } catch (LastErrorException e) {
      throw new CaptureFailure("Could not read the link type of interface " + name + ": " + errno(e) + ".");
    }
    return request.getShort(IFREQ_HWADDR_FAMILY) & 0xffff;
  }

  private static void closeQuietly(LibC lib, int fd) {
    try {
      lib.close(fd);
    } catch (LastErrorException e) {
      // the descriptor is gone either way
    }
  }

  private static String errno(LastErrorException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^\\[\\d+\\]\\s*", "").strip();
    return "errno " + e.getErrorCode() + (message.isEmpty() ? "" : " (" + message + ")");
  }

  private static LibC lib() {
    if (libc == null) {
      libc = Native.load("c", LibC.class);
    }
    return libc;
  }
}
