package io.vmnetdiag.capture.probe;

import static io.vmnetdiag.capture.frame.FrameBytes.u16;

/** The RFC 1071 ones'-complement checksum of IPv4 headers, ICMP, ICMPv6 and TCP (with pseudo-header). */
final class InternetChecksum {
  private InternetChecksum() {
  }

  /** The checksum of {@code data[offset, offset + length)}. */
  static int of(byte[] data, int offset, int length) {
    return fold(sum(0, data, offset, length));
  }

  /**
   * The transport checksum over the IPv4 or IPv6 pseudo-header (addresses, protocol, length) and
   * {@code data[offset, offset + length)}: TCP and ICMPv6 cover both, plain ICMP covers only its own bytes.
   */
  static int withPseudoHeader(byte[] source, byte[] destination, int protocol, byte[] data, int offset, int length) {
    long sum = sum(0, source, 0, source.length);
    sum = sum(sum, destination, 0, destination.length);
    sum += protocol;
    sum += length;
    return fold(sum(sum, data, offset, length));
  }

  private static long sum(long initial, byte[] data, int offset, int length) {
    long sum = initial;
    int end = offset + length;
    int i = offset;
    for (; i + 1 < end; i += 2) {
      sum += u16(data, i);
    }
    if (i < end) {
      sum += (data[i] & 0xff) << 8;
    }
    return sum;
  }

  private static int fold(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }
}
