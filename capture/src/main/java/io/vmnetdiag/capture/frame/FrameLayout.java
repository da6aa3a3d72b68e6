package io.vmnetdiag.capture.frame;

import static io.vmnetdiag.capture.frame.FrameBytes.ETHER_HEADER;
import static io.vmnetdiag.capture.frame.FrameBytes.u16;
import static io.vmnetdiag.capture.frame.FrameBytes.u8;

/** Finds header offsets in an Ethernet frame without allocating; -1 when the frame is too short. */
final class FrameLayout {
  private static final int MAX_VLAN_TAGS = 2;
  private static final int MAX_IPV6_EXTENSIONS = 4;

  private FrameLayout() {
  }

  /** Offset of the network header after the MACs and any 802.1Q/802.1ad tags; its EtherType is at offset - 2. */
  static int networkOffset(byte[] f, int len) {
    if (len < ETHER_HEADER) {
      return -1;
    }
    int offset = ETHER_HEADER;
    for (int tags = 0; tags < MAX_VLAN_TAGS && FrameBytes.isVlanTag(u16(f, offset - 2)); tags++) {
      if (len < offset + 4) {
        return -1;
      }
      offset += 4;
    }
    return offset;
  }

  /** Offset of the IPv4 payload, or -1 when the header is short, not IPv4, or this is a later fragment. */
  static int ipv4Transport(byte[] f, int len, int ip) {
    if (len < ip + 20 || (u8(f, ip) >> 4) != 4) {
      return -1;
    }
    int headerLength = (u8(f, ip) & 0x0f) * 4;
    boolean laterFragment = (u16(f, ip + 6) & 0x1fff) != 0;
    if (headerLength < 20 || laterFragment) {
      return -1;
    }
    return ip + headerLength;
  }

  /**
   * The transport header of an IPv6 packet after skipping hop-by-hop, routing and destination
   * options headers (and a first fragment header), packed as {@code offset << 8 | nextHeader};
   * -1 when truncated, not IPv6, or a later fragment.
   */
  static int ipv6Transport(byte[] f, int len, int ip) {
    if (len < ip + 40 || (u8(f, ip) >> 4) != 6) {
      return -1;
    }
    int next = u8(f, ip + 6);
    int offset = ip + 40;
    for (int i = 0; i < MAX_IPV6_EXTENSIONS; i++) {
      if (FrameBytes.isSkippableIpv6Extension(next)) {
        if (len < offset + 2) {
          return -1;
        }
        int size = (u8(f, offset + 1) + 1) * 8;
        next = u8(f, offset);
        offset += size;
      } else if (next == 44) {
        if (len < offset + 8 || (u16(f, offset + 2) & 0xfff8) != 0) {
          return -1;
        }
        next = u8(f, offset);
        offset += 8;
      } else {
        break;
      }
    }
    return (offset << 8) | next;
  }
}
