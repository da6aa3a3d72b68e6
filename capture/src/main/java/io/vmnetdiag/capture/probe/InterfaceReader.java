package io.vmnetdiag.capture.probe;

import io.vmnetdiag.capture.pcap.PcapLibrary;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import org.pcap4j.util.LinkLayerAddress;

/**
 * Reads an interface's MAC and addresses in the calling thread's network namespace. libpcap's device
 * list comes from getifaddrs(), i.e. a netlink socket opened by this thread, so it answers for the
 * namespace the thread is in. java.net.NetworkInterface would not: it skips interfaces without IPv4
 * addresses and reads IPv6 ones from /proc/net, which belongs to the process's main thread; sysfs
 * shows no addresses at all.
 */
@FunctionalInterface
public interface InterfaceReader {
  /** The interface, or empty when it does not exist here or has no Ethernet MAC. */
  Optional<LocalInterface> read(String name) throws ProbeFailure;

  /** The real reader: libpcap's device list. */
  static InterfaceReader pcap() {
    return name -> {
      PcapNetworkInterface device;
      try {
        PcapLibrary.configure();
        device = Pcaps.getDevByName(name);
      } catch (PcapNativeException e) {
        throw new ProbeFailure("Could not list the node's interfaces: " + e.getMessage());
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        throw new ProbeFailure("libpcap could not be loaded: " + e.getMessage());
      }
      if (device == null) {
        return Optional.empty();
      }
      byte[] mac = device.getLinkLayerAddresses().stream().map(LinkLayerAddress::getAddress)
          .filter(bytes -> bytes.length == 6).findFirst().orElse(null);
      if (mac == null) {
        return Optional.empty();
      }
      List<LocalInterface.Address> addresses = new ArrayList<>();
      for (PcapAddress address : device.getAddresses()) {
        InetAddress ip = address.getAddress();
        if (ip != null) {
          addresses.add(new LocalInterface.Address(ip.getAddress(), prefixLength(address.getNetmask())));
        }
      }
      return Optional.of(new LocalInterface(name, mac, addresses));
    };
  }

  /** Counts the leading one bits of a netmask; 0 when there is none. */
  static int prefixLength(InetAddress netmask) {
    if (netmask == null) {
      return 0;
    }
    int bits = 0;
    for (byte b : netmask.getAddress()) {
      if (b == (byte) 0xff) {
        bits += 8;
        continue;
      }
      bits += Integer.numberOfLeadingZeros(~(b & 0xff) & 0xff) - 24;
      break;
    }
    return bits;
  }
}
