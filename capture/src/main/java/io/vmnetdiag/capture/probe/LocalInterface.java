package io.vmnetdiag.capture.probe;

import java.util.List;

/** A node interface as the probes need it: its name, its MAC and its addresses with prefix lengths. */
public record LocalInterface(String name, byte[] mac, List<Address> addresses) {
  public LocalInterface {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  /** One address (4 or 16 bytes) and its prefix length. */
  public record Address(byte[] bytes, int prefixLength) {
    /** True when {@code other} (same family) lies within this address's prefix. */
    public boolean covers(byte[] other) {
      if (other == null || other.length != bytes.length || prefixLength <= 0 || prefixLength > bytes.length * 8) {
        return false;
      }
      for (int bit = 0; bit < prefixLength; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((bytes[bit / 8] & mask) != (other[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    /** fe80::/10. */
    public boolean isIpv6LinkLocal() {
      return bytes.length == 16 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80;
    }
  }
}
