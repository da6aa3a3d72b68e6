package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborAdvertisement;
import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborSolicitation;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.TrafficDirection.FromVm;
import static io.vmnetdiag.api.v1alpha1.TrafficDirection.ToVm;

import io.vmnetdiag.api.v1alpha1.PacketSample;

/** The source case on IPv6: SYNs and neighbour advertisements reach the tap, the guest keeps soliciting its gateway. */
final class SeedCase6 {
  static final String VM = "fd00::51";
  static final String GATEWAY = "fd00::1";
  static final PacketSample[] TAP_SAMPLES = {
      Sample.solicitation("08:21:13.884842", FromVm, VM, GATEWAY),
      Sample.advertisement("08:21:13.900001", ToVm, GATEWAY, VM),
      Sample.tcp("08:21:14.000002", ToVm, TcpSyn, "fd00::2", 40112, VM, 22),
      Sample.tcp("08:21:14.100003", ToVm, TcpSyn, "fd00::3", 40113, VM, 80),
      Sample.tcp("08:21:14.200004", ToVm, TcpSyn, "fd00::4", 40114, VM, 443),
      Sample.solicitation("08:21:15.884842", FromVm, VM, GATEWAY),
  };

  private SeedCase6() {
  }

  static HopBuilder uplink() {
    return HopBuilder.uplink("eth0").to(TcpSyn, 36).to(NeighborAdvertisement, 6).from(NeighborSolicitation, 6)
        .lookup(GATEWAY, 6, 6, 5);
  }

  static HopBuilder bridge() {
    return HopBuilder.bridge("br0").to(TcpSyn, 36).to(NeighborAdvertisement, 6).from(NeighborSolicitation, 6)
        .lookup(GATEWAY, 6, 6, 5);
  }

  static HopBuilder tap() {
    return HopBuilder.tap("vnet3").to(TcpSyn, 36).to(NeighborAdvertisement, 6).from(NeighborSolicitation, 6)
        .lookup(GATEWAY, 6, 6, 5).samples(TAP_SAMPLES);
  }
}
