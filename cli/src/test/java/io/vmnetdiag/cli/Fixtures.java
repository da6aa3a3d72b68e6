package io.vmnetdiag.cli;

import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.CaptureWindowReport;
import io.vmnetdiag.api.v1alpha1.GuestCounters;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;

/** A fixed report of the seed case (a wedged guest behind its tap) and verdicts to pair it with. */
final class Fixtures {
  private Fixtures() {
  }

  static AgentReport seedReport() {
    ResolvedPath path = new ResolvedPath();
    path.setNode("node-7");
    path.setDomain("web-01");
    path.setVmMac("52:54:00:6b:3c:58");
    path.setVmAddress("10.107.98.51");
    path.setAddressSource(AddressSource.Spec);
    path.setHops(List.of(new Hop(HopRole.Uplink, "eno1"), new Hop(HopRole.Bridge, "br0"),
        new Hop(HopRole.Tap, "vnet3")));
    path.setGuest(guestView());
    AgentReport report = new AgentReport();
    report.setPath(path);
    report.setHops(List.of(hop(HopRole.Uplink, "eno1", 9, 5, 0, 3, 3),
        hop(HopRole.Bridge, "br0", 9, 5, 3, 3, 3),
        hop(HopRole.Tap, "vnet3", 9, 5, 3, 3, 3)));
    CaptureWindowReport window = new CaptureWindowReport();
    window.setStart("2026-12-01T10:41:27.900Z");
    window.setEnd("2026-12-01T10:41:30.500Z");
    window.setPlannedSeconds(10);
    window.setEndedEarly(true);
    window.setReason("at tap vnet3 the guest kept asking for 10.107.98.1");
    report.setWindow(window);
    ProbeReport probes = new ProbeReport();
    probes.setSent(true);
    probes.setReason("nothing the VM was asked got an answer");
    report.setProbes(probes);
    report.setCaptureStartedAt("2026-12-01T10:41:27.850Z");
    report.setCaptureEndedAt("2026-12-01T10:41:30.550Z");
    return report;
  }

  /** The guest agent's view of the seed: eth0 up, counting what the tap hands it, answering nothing. */
  static GuestView guestView() {
    GuestInterface eth0 = new GuestInterface("eth0", "52:54:00:6b:3c:58");
    eth0.setUp(true);
    eth0.setAddresses(List.of("10.107.98.51/24", "fe80::5054:ff:fe6b:3c58/64"));
    eth0.setStart(new GuestCounters(100, 9000, 0, 0, 40, 2400, 0, 0));
    eth0.setEnd(new GuestCounters(117, 10200, 0, 2, 43, 2580, 0, 0));
    GuestView view = new GuestView();
    view.setSource(GuestView.GUEST_AGENT);
    view.setInterfaces(List.of(new GuestInterface("lo", "00:00:00:00:00:00"), eth0));
    return view;
  }

  static Verdict verdict(VerdictReason reason, String location) {
    return new Verdict(reason, location, "The guest behind tap vnet3 answered none of the 20 packets handed to it.",
        List.of("tap vnet3: to VM 9 TcpSyn, 5 IcmpEchoRequest, 3 ArpRequest, 3 ArpReply; from VM 3 ArpRequest",
            "vnet3: 10:41:30.505622 ARP, Request who-has 10.107.98.1 tell 10.107.98.51, length 28"));
  }

  private static HopObservation hop(HopRole role, String name, long syn, long ping, long arpToVm, long arpReplies,
      long arpFromVm) {
    HopObservation hop = new HopObservation(role, name);
    hop.getToVm().add(PacketKind.TcpSyn, syn);
    hop.getToVm().add(PacketKind.IcmpEchoRequest, ping);
    hop.getToVm().add(PacketKind.ArpRequest, arpToVm);
    hop.getToVm().add(PacketKind.ArpReply, arpReplies);
    hop.getFromVm().add(PacketKind.ArpRequest, arpFromVm);
    return hop;
  }
}
