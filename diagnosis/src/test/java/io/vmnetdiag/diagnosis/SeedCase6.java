package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborAdvertisement;
import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborSolicitation;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;

/** The source case on IPv6: SYNs and neighbour advertisements reach the tap, the guest only solicits its gateway. */
final class SeedCase6 {
  static final String VM = "fd00::51";
  static final String[] TAP_SAMPLES = {
      "08:21:13.884842 IP6 fd00::51 > ff02::1:ff00:1: ICMP6, neighbor solicitation, who has fd00::1, length 32",
      "08:21:13.900001 IP6 fd00::1 > fd00::51: ICMP6, neighbor advertisement, tgt is fd00::1, length 32",
      "08:21:14.000002 IP6 fd00::2.40112 > fd00::51.22: Flags [S], seq 123, win 64240, length 0",
      "08:21:14.100003 IP6 fd00::3.40113 > fd00::51.80: Flags [S], seq 124, win 64240, length 0",
      "08:21:14.200004 IP6 fd00::4.40114 > fd00::51.443: Flags [S], seq 125, win 64240, length 0",
      "08:21:15.884842 IP6 fd00::51 > ff02::1:ff00:1: ICMP6, neighbor solicitation, who has fd00::1, length 32",
  };

  private SeedCase6() {
  }

  static HopBuilder uplink() {
    return HopBuilder.uplink("eth0").to(TcpSyn, 36).to(NeighborAdvertisement, 6).from(NeighborSolicitation, 6);
  }

  static HopBuilder bridge() {
    return HopBuilder.bridge("br0").to(TcpSyn, 36).to(NeighborAdvertisement, 6).from(NeighborSolicitation, 6);
  }

  static HopBuilder tap() {
    return HopBuilder.tap("vnet3").to(TcpSyn, 36).to(NeighborAdvertisement, 6).from(NeighborSolicitation, 6)
        .samples(TAP_SAMPLES);
  }
}
