package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.capture.frame.FrameFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses the VM's MAC sent from (ARP sender, IPv4 and IPv6 source), first seen first: when neither
 * the spec, the guest agent nor a neighbour table gives the VM's address, its own frames do. The unspecified
 * addresses of DHCP clients and duplicate-address probes say nothing and are skipped. Bounded; allocates only
 * when a new address is first seen.
 */
final class SourceAddresses {
  static final int MAX_ADDRESSES = 4;

  private final byte[][] addresses = new byte[MAX_ADDRESSES][];
  private volatile int size;

  void add(byte[] frame, int offset, int length) {
    if (offset < 0 || offset + length > frame.length || FrameFacts.isZero(frame, offset, length)) {
      return;
    }
    int known = size;
    for (int i = 0; i < known; i++) {
      if (addresses[i].length == length && Arrays.equals(addresses[i], 0, length, frame, offset, offset + length)) {
        return;
      }
    }
    if (known < MAX_ADDRESSES) {
      addresses[known] = Arrays.copyOfRange(frame, offset, offset + length);
      size = known + 1; // published after the slot is filled: live readers see whole addresses
    }
  }

  /** The addresses in the order first seen; safe to call from any thread while the capture runs. */
  List<String> list() {
    int known = size;
    List<String> list = new ArrayList<>(known);
    for (int i = 0; i < known; i++) {
      list.add(IpLiteral.format(addresses[i]));
    }
    return list;
  }
}
