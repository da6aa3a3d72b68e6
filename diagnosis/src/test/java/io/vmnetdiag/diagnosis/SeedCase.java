package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.TrafficDirection.FromVm;
import static io.vmnetdiag.api.v1alpha1.TrafficDirection.ToVm;

import io.vmnetdiag.api.v1alpha1.PacketSample;

/**
 * The source case's picture: SYNs and the answers to the guest's ARP reach the tap, and the guest keeps asking
 * who-has its gateway after the answers were handed to it.
 */
final class SeedCase {
  static final String GATEWAY = "10.77.0.1";
  static final PacketSample[] TAP_SAMPLES = {
      Sample.arpRequest("08:21:13.884842", FromVm, HopBuilder.VM, GATEWAY),
      Sample.arpReply("08:21:13.900001", ToVm, GATEWAY, HopBuilder.VM),
      Sample.tcp("08:21:14.000002", ToVm, TcpSyn, "10.77.0.2", 40112, HopBuilder.VM, 22),
      Sample.tcp("08:21:14.100003", ToVm, TcpSyn, "10.77.0.3", 40113, HopBuilder.VM, 80),
      Sample.tcp("08:21:14.200004", ToVm, TcpSyn, "10.77.0.4", 40114, HopBuilder.VM, 443),
      Sample.arpRequest("08:21:15.884842", FromVm, HopBuilder.VM, GATEWAY),
      Sample.arpReply("08:21:15.900001", ToVm, GATEWAY, HopBuilder.VM),
  };

  private SeedCase() {
  }

  static HopBuilder uplink() {
    return HopBuilder.uplink("eth0").to(TcpSyn, 36).to(ArpReply, 6).from(ArpRequest, 6)
        .lookup(GATEWAY, 6, 6, 5)
        .samples(Sample.tcp("08:21:14.000001", ToVm, TcpSyn, "10.77.0.2", 40112, HopBuilder.VM, 22));
  }

  static HopBuilder bridge() {
    return HopBuilder.bridge("br0").to(TcpSyn, 36).to(ArpReply, 6).from(ArpRequest, 6).lookup(GATEWAY, 6, 6, 5);
  }

  static HopBuilder tap() {
    return HopBuilder.tap("vnet3").to(TcpSyn, 36).to(ArpReply, 6).from(ArpRequest, 6).lookup(GATEWAY, 6, 6, 5)
        .samples(TAP_SAMPLES);
  }

  /** The guest's own capture: only its ARP requests, none of what the tap delivered. */
  static HopBuilder guest() {
    return HopBuilder.guest("eth0").from(ArpRequest, 6).lookup(GATEWAY, 6, 0, 0)
        .samples(Sample.arpRequest("08:21:13.884800", FromVm, HopBuilder.VM, GATEWAY));
  }
}
