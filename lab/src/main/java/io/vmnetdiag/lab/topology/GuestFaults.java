package io.vmnetdiag.lab.topology;

import java.util.List;

/**
 * The faults made inside a lab guest (the libvirt lab's VM, or the same image behind a KubeVirt launcher's tap0), as
 * the shell commands its agent runs. Each is idempotent; {@link #heal(String)} removes them all.
 */
final class GuestFaults {
  /** The nftables table every fault made inside the guest lives in (netdev and inet families). */
  static final String TABLE = "vndfault";
  private static final String PINGER_PID = "/run/vndfault-ping.pid";

  private GuestFaults() {}

  /**
   * The seed's fault: the guest's NIC driver stops processing what it receives while still transmitting. The guest
   * kernel's nftables netdev ingress chain with policy drop on eth0 (frames reach the virtio NIC and are dropped
   * before the stack sees them: no ARP reply, no SYN, no echo request is taken in), the neighbour table flushed and
   * a ping to {@code gateway} every second, so the guest keeps asking who-has for its gateway and never learns the
   * answers the tap hands it.
   */
  static String receiveWedged(String gateway) {
    return "nft list chain netdev " + TABLE + " guest_rx >/dev/null 2>&1 && exit 0; "
        + "nft add table netdev " + TABLE + " && nft add chain netdev " + TABLE
        + " guest_rx '{ type filter hook ingress device eth0 priority 0; policy drop; }' && ip neigh flush dev eth0"
        + " && { ping -i 1 " + gateway + " </dev/null >/dev/null 2>&1 & echo $! >" + PINGER_PID + "; }";
  }

  /** The guest's own firewall drops TCP to {@code ports} (inet input chain); ARP and ping still work. */
  static String firewall(List<Integer> ports) {
    String set = String.join(", ", ports.stream().map(String::valueOf).toList());
    return "nft list chain inet " + TABLE + " guest_input >/dev/null 2>&1 && exit 0; "
        + "nft add table inet " + TABLE + " && nft add chain inet " + TABLE
        + " guest_input '{ type filter hook input priority 0; policy accept; }' && nft add rule inet "
        + TABLE + " guest_input tcp dport '{ " + set + " }' drop";
  }

  /** The guest takes its own NIC down; the tap stays up. */
  static String interfaceDown() {
    return "ip link set eth0 down";
  }

  /**
   * Every fault gone: the nftables tables, the gateway pinger, eth0 back up with its default route via
   * {@code gateway} (which a link taken down loses).
   */
  static String heal(String gateway) {
    return "nft delete table netdev " + TABLE + " 2>/dev/null; nft delete table inet " + TABLE + " 2>/dev/null; "
        + "[ -f " + PINGER_PID + " ] && kill $(cat " + PINGER_PID + ") 2>/dev/null; rm -f " + PINGER_PID
        + "; ip link set eth0 up && ip route replace default via " + gateway + " dev eth0 && ! nft list tables | grep -q "
        + TABLE;
  }
}
