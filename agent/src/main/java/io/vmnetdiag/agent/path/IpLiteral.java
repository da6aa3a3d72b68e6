package io.vmnetdiag.agent.path;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IPv4 and IPv6 address literals without ever resolving a host name. */
final class IpLiteral {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

  private IpLiteral() {
  }

  /** The address for a plain literal (no host names, zone ids or prefixes), else empty. */
  static Optional<InetAddress> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.trim();
    boolean ipv4 = IPV4.matcher(text).matches();
    boolean ipv6 = text.contains(":") && IPV6_CHARS.matcher(text).matches();
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

  /** An address worth reporting as the VM's: not loopback, link-local, multicast or unspecified. */
  static boolean isUsable(InetAddress address) {
    return !address.isLoopbackAddress()
        && !address.isLinkLocalAddress()
        && !address.isMulticastAddress()
        && !address.isAnyLocalAddress();
  }
}
