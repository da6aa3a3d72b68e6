package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpFin;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSynAck;
import static io.vmnetdiag.api.v1alpha1.TrafficDirection.ToVm;
import static io.vmnetdiag.diagnosis.HopBuilder.bridge;
import static io.vmnetdiag.diagnosis.HopBuilder.tap;
import static io.vmnetdiag.diagnosis.HopBuilder.uplink;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real VM's idle case: the node's probes come from its bridge address, so the VM's answers go to the node and end
 * there, while a client's connection closes at the uplink. What the verdict says about it, word for word.
 */
class NodeBoundAnswersTest {
  private static final String CLIENT = "10.77.0.2";
  private final VerdictEngine engine = new VerdictEngine();

  private static HopBuilder probed(HopBuilder hop) {
    return hop.to(TcpSyn, 3).to(IcmpEchoRequest, 3).to(ArpRequest, 1).to(TcpFin, 1)
        .fromToNode(TcpSynAck, 3).fromToNode(IcmpEchoReply, 3).fromToNode(ArpReply, 1);
  }

  @Test
  void probesAnsweredToTheNodeAndALoneClientFinAreNoLossButAnUntestedUpstream() {
    Verdict verdict = decide(
        uplink("eth0").to(TcpFin, 1).samples(Sample.of("08:21:14.000001", ToVm, TcpFin, CLIENT, 40112, HopBuilder.VM,
            22, null, "IP " + CLIENT + ".40112 > " + HopBuilder.VM + ".22: Flags [F.], seq 1, ack 1, win 500, length 0")),
        probed(bridge("br0")), probed(tap("vnet3")));

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.UpstreamUntested);
    assertThat(verdict.getSummary()).isEqualTo("The 8 packets handed to 10.77.0.51 at tap vnet3 (TCP SYN, TCP FIN,"
        + " pings, ARP requests) got 7 answers there, so the path on this node works; from outside only 1 packet"
        + " closing a connection (TCP FIN) reached uplink eth0, which asks nothing, so the path upstream of it is"
        + " untested: send traffic from a client while diagnosing.");
    assertThat(verdict.getEvidence()).contains("tap vnet3: to VM 3 TcpSyn, 1 TcpFin, 3 IcmpEchoRequest, 1 ArpRequest;"
        + " from VM 3 TcpSynAck, 3 IcmpEchoReply, 1 ArpReply (to the node itself: 3 TcpSynAck, 3 IcmpEchoReply,"
        + " 1 ArpReply)");
    // The closing packet that asks nothing is quoted, so a reader sees which it was.
    assertThat(verdict.getEvidence()).anyMatch(line -> line.startsWith("eth0: ") && line.contains("Flags [F.]"));
  }

  @Test
  void theSameProbesAnsweredWhileAClientsSynsAreNotBlameTheGuestNotTheWayOut() {
    Verdict verdict = decide(uplink("eth0").to(TcpSyn, 5),
        bridge("br0").to(TcpSyn, 8).to(IcmpEchoRequest, 3).fromToNode(TcpSynAck, 3).fromToNode(IcmpEchoReply, 3),
        tap("vnet3").to(TcpSyn, 8).to(IcmpEchoRequest, 3).fromToNode(TcpSynAck, 3).fromToNode(IcmpEchoReply, 3));

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.GuestNotResponding);
    assertThat(verdict.getSummary()).isEqualTo("The guest behind tap vnet3 received 11 packets (TCP SYN, pings) and"
        + " answered 6 packets, all to the node itself, but none of its 5 TCP requests: the guest itself ignores them"
        + " (firewall, stopped service or address configuration?).");
  }

  @Test
  void answersToTheNodeCountAtTheEdgeWhenTheBridgeIsTheWayOut() {
    // Without an uplink the bridge's MAC is the VM's gateway: what it addresses there is bound outside.
    Verdict verdict = decide(bridge("br0").to(IcmpEchoRequest, 3).fromToNode(IcmpEchoReply, 3),
        tap("vnet3").to(IcmpEchoRequest, 3).fromToNode(IcmpEchoReply, 3));

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.PathHealthy);
  }

  private Verdict decide(HopBuilder... builders) {
    List<HopObservation> hops = java.util.Arrays.stream(builders).map(HopBuilder::build).toList();
    return engine.decide(HopBuilder.pathOf(hops), hops);
  }
}
