package io.vmnetdiag.capture.frame;

/**
 * Wire numbers and bounds-free, allocation-free helpers for network byte order, shared by the frame
 * classifier (reading) and the probe builder (writing); callers check bounds first.
 */
public final class FrameBytes {
  public static final int ETHER_HEADER = 14;
  public static final int TYPE_IPV4 = 0x0800;
  public static final int TYPE_ARP = 0x0806;
  public static final int TYPE_IPV6 = 0x86dd;
  public static final int TYPE_LLDP = 0x88cc;
  public static final int PROTO_ICMP = 1;
  public static final int PROTO_IGMP = 2;
  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;
  public static final int PROTO_ICMPV6 = 58;

  private FrameBytes() {
  }

  static int u8(byte[] f, int at) {
    return f[at] & 0xff;
  }

  public static int u16(byte[] f, int at) {
    return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
  }

  static long u32(byte[] f, int at) {
    return ((long) u16(f, at) << 16) | u16(f, at + 2);
  }

  /** Writes the low 16 bits of {@code value} at {@code f[at]}, most significant byte first. */
  public static void putU16(byte[] f, int at, int value) {
    f[at] = (byte) (value >>> 8);
    f[at + 1] = (byte) value;
  }

  /** True when {@code f[at..]} holds exactly {@code value}. */
  static boolean matches(byte[] f, int at, byte[] value) {
    for (int i = 0; i < value.length; i++) {
      if (f[at + i] != value[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean isVlanTag(int etherType) {
    return etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100;
  }

  /** IPv6 extension headers that a walk to the transport header may skip (not fragment). */
  static boolean isSkippableIpv6Extension(int nextHeader) {
    return nextHeader == 0 || nextHeader == 43 || nextHeader == 60;
  }

  static String mac(byte[] f, int at) {
    StringBuilder out = new StringBuilder(17);
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        out.append(':');
      }
      int b = f[at + i] & 0xff;
      out.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }
}
