package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;

/** The source case's picture: SYNs and ARP replies reach the tap, the guest only asks who-has its gateway. */
final class SeedCase {
  static final String[] TAP_SAMPLES = {
      "08:21:13.884842 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28",
      "08:21:13.900001 ARP, Reply 10.77.0.1 is-at 02:aa:bb:cc:dd:01, length 28",
      "08:21:14.000002 IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 123, win 64240, length 0",
      "08:21:14.100003 IP 10.77.0.3.40113 > 10.77.0.51.80: Flags [S], seq 124, win 64240, length 0",
      "08:21:14.200004 IP 10.77.0.4.40114 > 10.77.0.51.443: Flags [S], seq 125, win 64240, length 0",
      "08:21:15.884842 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28",
      "08:21:15.900001 ARP, Reply 10.77.0.1 is-at 02:aa:bb:cc:dd:01, length 28",
  };

  private SeedCase() {
  }

  static HopBuilder uplink() {
    return HopBuilder.uplink("eth0").to(TcpSyn, 36).to(ArpReply, 6).from(ArpRequest, 6)
        .samples("08:21:14.000001 IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 123, win 64240, length 0");
  }

  static HopBuilder bridge() {
    return HopBuilder.bridge("br0").to(TcpSyn, 36).to(ArpReply, 6).from(ArpRequest, 6);
  }

  static HopBuilder tap() {
    return HopBuilder.tap("vnet3").to(TcpSyn, 36).to(ArpReply, 6).from(ArpRequest, 6).samples(TAP_SAMPLES);
  }

  /** The guest's own capture: only its ARP requests, none of what the tap delivered. */
  static HopBuilder guest() {
    return HopBuilder.guest("eth0").from(ArpRequest, 6)
        .samples("08:21:13.884800 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28");
  }
}
