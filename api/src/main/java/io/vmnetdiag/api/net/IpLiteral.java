package io.vmnetdiag.api.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Strict IPv4/IPv6 address literals: never a host name, never a DNS lookup. Shared by every module. */
public final class IpLiteral {
  private static final Pattern IPV4 =
      Pattern.compile("^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$");
  // Only hex digits, colons and (for an embedded IPv4 tail) dots: no zone ids, no brackets, no names.
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:.]{2,45}$");

  private IpLiteral() {
  }

  /** The address for a plain literal (no host names, zone ids or prefixes), else empty. */
  public static Optional<InetAddress> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.trim();
    boolean ipv4 = IPV4.matcher(text).matches();
    boolean ipv6 = text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
    if (!ipv4 && !ipv6) {
      return Optional.empty();
    }
    try {
      // Brackets make the JDK treat the text as an IPv6 literal: it never asks DNS.
      return Optional.of(InetAddress.getByName(ipv4 ? text : "[" + text + "]"));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** True for a plain IPv4 or IPv6 address literal. */
  public static boolean isLiteral(String value) {
    return parse(value).isPresent();
  }

  /**
   * The 4 or 16 address bytes of {@code value}.
   *
   * @param what names the value in the error message
   * @throws IllegalArgumentException with a message for a person when the value is not a literal
   */
  public static byte[] parse(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    InetAddress address = parse(value).orElseThrow(() -> new IllegalArgumentException(
        what + " '" + value + "' is not an IPv4 or IPv6 address literal"));
    if (address instanceof Inet4Address && value.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is an IPv4-mapped IPv6 address; give the IPv4 address instead");
    }
    return address.getAddress();
  }

  /** An address worth reporting as a VM's: not loopback, link-local, multicast or unspecified. */
  public static boolean isUsable(InetAddress address) {
    return !address.isLoopbackAddress()
        && !address.isLinkLocalAddress()
        && !address.isMulticastAddress()
        && !address.isAnyLocalAddress();
  }

  /** Canonical text (dotted quad or RFC 5952 compressed IPv6) of 4 or 16 address bytes. */
  public static String format(byte[] address) {
    return format(address, 0, address.length);
  }

  /** Canonical text of the 4 or 16 bytes at {@code offset}. */
  public static String format(byte[] data, int offset, int length) {
    if (length == 4) {
      return (data[offset] & 0xff) + "." + (data[offset + 1] & 0xff) + "."
          + (data[offset + 2] & 0xff) + "." + (data[offset + 3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((data[offset + 2 * i] & 0xff) << 8) | (data[offset + 2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
