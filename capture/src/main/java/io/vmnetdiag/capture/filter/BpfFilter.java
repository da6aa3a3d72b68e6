package io.vmnetdiag.capture.filter;

import io.vmnetdiag.api.net.IpLiteral;
import java.util.List;
import java.util.StringJoiner;

/**
 * Builds the libpcap filter expression for one VM from validated parts only: every address and port
 * is parsed and re-printed, so no caller text ever reaches the filter compiler verbatim.
 */
public final class BpfFilter {
  private BpfFilter() {
  }

  /**
   * The VM's traffic ({@code ether host MAC or host IP}), optionally narrowed to some peers and ports.
   * ARP always passes the peer focus and non-TCP/UDP traffic always passes the port focus: the VM
   * asking for its gateway and answering pings is evidence even when the user asked about port 22.
   */
  public static String build(String vmMac, String vmAddress, List<String> peers, List<Integer> ports) {
    MacAddress mac = MacAddress.parse(vmMac);
    StringBuilder filter = new StringBuilder("ether host ").append(mac);
    if (vmAddress != null) {
      filter.append(" or host ").append(IpLiteral.format(IpLiteral.parse(vmAddress, "VM address")));
    }
    List<String> peerList = peers == null ? List.of() : peers;
    List<Integer> portList = ports == null ? List.of() : ports;
    if (peerList.isEmpty() && portList.isEmpty()) {
      return filter.toString();
    }
    String result = "(" + filter + ")";
    if (!peerList.isEmpty()) {
      StringJoiner focus = new StringJoiner(" or ", "(arp or ", ")");
      for (String peer : peerList) {
        focus.add("host " + IpLiteral.format(IpLiteral.parse(peer, "Peer address")));
      }
      result += " and " + focus;
    }
    if (!portList.isEmpty()) {
      StringJoiner focus = new StringJoiner(" or ", "((not tcp and not udp) or ", ")");
      for (Integer port : portList) {
        focus.add("port " + validPort(port));
      }
      result += " and " + focus;
    }
    return result;
  }

  private static int validPort(Integer port) {
    if (port == null || port < 1 || port > 65535) {
      throw new IllegalArgumentException("Port " + port + " is not between 1 and 65535");
    }
    return port;
  }
}
