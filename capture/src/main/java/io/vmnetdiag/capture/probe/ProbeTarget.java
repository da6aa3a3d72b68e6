package io.vmnetdiag.capture.probe;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.capture.filter.MacAddress;
import java.util.List;

/**
 * What to probe: the VM's MAC and IP (null when unknown) from the resolved path, the TCP ports to
 * SYN, and how many of each probe kind to send.
 */
public record ProbeTarget(byte[] vmMac, byte[] vmIp, List<Integer> ports, int count) {
  public static final int MIN_COUNT = 1;
  public static final int MAX_COUNT = 20;
  /** Without ports in the request, ssh: the port an operator tries first on a VM. */
  public static final int DEFAULT_PORT = 22;

  public ProbeTarget {
    if (vmMac == null || vmMac.length != 6) {
      throw new IllegalArgumentException("The VM's MAC must be 6 bytes");
    }
    if (vmIp != null && vmIp.length != 4 && vmIp.length != 16) {
      throw new IllegalArgumentException("The VM's address must be 4 or 16 bytes");
    }
    ports = ports == null || ports.isEmpty() ? List.of(DEFAULT_PORT)
        : ports.stream().filter(p -> p != null && p >= 1 && p <= 65535).distinct().toList();
    count = Math.max(MIN_COUNT, Math.min(MAX_COUNT, count));
  }

  /** From the path's text: a MAC, an IP literal or null/blank, ports (empty: 22), a count clamped to 1..20. */
  public static ProbeTarget of(String vmMac, String vmAddress, List<Integer> ports, int count) {
    byte[] ip = vmAddress == null || vmAddress.isBlank() ? null : IpLiteral.parse(vmAddress, "VM address");
    return new ProbeTarget(MacAddress.parse(vmMac).bytes(), ip, ports, count);
  }

  /** 4 for IPv4, 16 for IPv6, 0 when the VM's address is unknown. */
  public int family() {
    return vmIp == null ? 0 : vmIp.length;
  }
}
