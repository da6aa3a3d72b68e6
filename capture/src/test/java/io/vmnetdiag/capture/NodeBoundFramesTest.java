package io.vmnetdiag.capture;

import static io.vmnetdiag.capture.frame.Frames.FIN_ACK;
import static io.vmnetdiag.capture.frame.Frames.PEER_IP;
import static io.vmnetdiag.capture.frame.Frames.PEER_MAC;
import static io.vmnetdiag.capture.frame.Frames.RST_ACK;
import static io.vmnetdiag.capture.frame.Frames.SYN;
import static io.vmnetdiag.capture.frame.Frames.SYN_ACK;
import static io.vmnetdiag.capture.frame.Frames.VM_IP;
import static io.vmnetdiag.capture.frame.Frames.VM_MAC;
import static io.vmnetdiag.capture.frame.Frames.arp;
import static io.vmnetdiag.capture.frame.Frames.ethernet;
import static io.vmnetdiag.capture.frame.Frames.icmp;
import static io.vmnetdiag.capture.frame.Frames.ipv4;
import static io.vmnetdiag.capture.frame.Frames.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.capture.filter.MacAddress;
import io.vmnetdiag.capture.frame.FrameClassifier;
import io.vmnetdiag.capture.record.HopRecorder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The node probes the VM from its bridge address and the VM answers the node's MAC: those answers end on the node and
 * are counted apart at every hop, beside the answers to a client outside, which go out through the uplink.
 */
class NodeBoundFramesTest {
  private static final String UPLINK_MAC = "02:00:00:00:0e:01";
  private static final String BRIDGE_MAC = "02:00:00:00:0b:01";
  private static final String BRIDGE_IP = "10.77.0.254";
  private static final List<Hop> PATH = List.of(hop(HopRole.Uplink, "eth0", UPLINK_MAC),
      hop(HopRole.Bridge, "br0", BRIDGE_MAC), hop(HopRole.Tap, "vnet3", null));

  // What the tap and the bridge see in the idle-VM case: the node's probes, the VM's answers to them, and one client's
  // SYN with its answer.
  private static final List<byte[]> SEEN_INSIDE = List.of(
      ethernet(VM_MAC, BRIDGE_MAC, 0x0800, ipv4(BRIDGE_IP, VM_IP, 6, tcp(40000, 22, 1, 0, SYN, 0))),
      ethernet(BRIDGE_MAC, VM_MAC, 0x0800, ipv4(VM_IP, BRIDGE_IP, 6, tcp(22, 40000, 9, 2, SYN_ACK, 0))),
      ethernet(VM_MAC, BRIDGE_MAC, 0x0800, ipv4(BRIDGE_IP, VM_IP, 1, icmp(8, 0, 7, 1, 56))),
      ethernet(BRIDGE_MAC, VM_MAC, 0x0800, ipv4(VM_IP, BRIDGE_IP, 1, icmp(0, 0, 7, 1, 56))),
      ethernet("ff:ff:ff:ff:ff:ff", BRIDGE_MAC, 0x0806, arp(1, BRIDGE_MAC, BRIDGE_IP, null, VM_IP)),
      ethernet(BRIDGE_MAC, VM_MAC, 0x0806, arp(2, VM_MAC, VM_IP, BRIDGE_MAC, BRIDGE_IP)),
      // The uplink's own MAC is the node's too: the bridge delivers frames for its ports' MACs locally.
      ethernet(UPLINK_MAC, VM_MAC, 0x0800, ipv4(VM_IP, BRIDGE_IP, 6, tcp(22, 40001, 9, 2, RST_ACK, 0))),
      ethernet(VM_MAC, PEER_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 6, tcp(50000, 22, 1, 0, SYN, 0))),
      ethernet(PEER_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(22, 50000, 5, 2, SYN_ACK, 0))));

  @Test
  void theVmsAnswersToTheNodeAreCountedApartFromThoseBoundOutside() {
    HopObservation tap = observe(PATH.get(2), SEEN_INSIDE);
    HopObservation bridge = observe(PATH.get(1), SEEN_INSIDE);

    for (HopObservation hop : List.of(tap, bridge)) {
      assertThat(hop.getFromVm().nonZero()).as(hop.getInterfaceName()).isEqualTo(Map.of(PacketKind.TcpSynAck, 2L,
          PacketKind.TcpRst, 1L, PacketKind.IcmpEchoReply, 1L, PacketKind.ArpReply, 1L));
      assertThat(hop.getFromVmToNode().nonZero()).as(hop.getInterfaceName()).isEqualTo(Map.of(PacketKind.TcpSynAck, 1L,
          PacketKind.TcpRst, 1L, PacketKind.IcmpEchoReply, 1L, PacketKind.ArpReply, 1L));
      // The node's own probes still count towards the VM inside the node: they are what proves its side.
      assertThat(hop.getToVm().nonZero()).as(hop.getInterfaceName()).isEqualTo(Map.of(PacketKind.TcpSyn, 2L,
          PacketKind.IcmpEchoRequest, 1L, PacketKind.ArpRequest, 1L));
    }
  }

  @Test
  void atTheUplinkTheClientsTrafficCountsAndTheNodesProbesDoNot() {
    // A probe flooded out of the uplink (the bridge had not learned the VM's port), the client's FIN, the VM's answer.
    HopObservation uplink = observe(PATH.get(0), List.of(
        ethernet(VM_MAC, BRIDGE_MAC, 0x0800, ipv4(BRIDGE_IP, VM_IP, 6, tcp(40000, 22, 1, 0, SYN, 0))),
        ethernet(VM_MAC, PEER_MAC, 0x0800, ipv4(PEER_IP, VM_IP, 6, tcp(50000, 22, 7, 5, FIN_ACK, 0))),
        ethernet(PEER_MAC, VM_MAC, 0x0800, ipv4(VM_IP, PEER_IP, 6, tcp(22, 50000, 5, 8, FIN_ACK, 0)))));

    assertThat(uplink.getToVm().nonZero()).isEqualTo(Map.of(PacketKind.TcpFin, 1L));
    assertThat(uplink.getFromVm().nonZero()).isEqualTo(Map.of(PacketKind.TcpFin, 1L));
    assertThat(uplink.getFromVmToNode().total()).isZero();
  }

  @Test
  void withoutTheNodesMacsNothingIsCountedAsBoundForIt() {
    HopRecorder recorder = new HopRecorder(0);
    FrameClassifier classifier = new FrameClassifier(MacAddress.parse(VM_MAC).bytes(), null);
    SEEN_INSIDE.forEach(frame -> recorder.record(classifier.classify(frame), classifier.lastFacts(), frame,
        frame.length, 0));

    assertThat(recorder.fromVm().total()).isEqualTo(5);
    assertThat(recorder.fromVmToNode().total()).isZero();
  }

  private static HopObservation observe(Hop hop, List<byte[]> frames) {
    FrameClassifier classifier = CaptureSession.forHop(
        new FrameClassifier(MacAddress.parse(VM_MAC).bytes(), new byte[] {10, 77, 0, 51}), hop,
        CaptureSession.nodeMacs(PATH));
    HopRecorder recorder = new HopRecorder(4);
    frames.forEach(frame -> recorder.record(classifier.classify(frame), classifier.lastFacts(), frame, frame.length, 0));
    return recorder.observation(hop);
  }

  private static Hop hop(HopRole role, String name, String mac) {
    Hop hop = new Hop(role, name);
    hop.setMac(mac);
    return hop;
  }
}
