package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpUnreachable;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the guest rules say: only what was asked counts as handed to the guest, and every unanswered exchange is named. */
class GuestSummaryTest {
  private final VerdictEngine engine = new VerdictEngine();

  private Verdict decide(HopBuilder... builders) {
    List<HopObservation> hops = java.util.Arrays.stream(builders).map(HopBuilder::build).toList();
    return engine.decide(HopBuilder.pathOf(hops), hops);
  }

  @Test
  void aFirewallDroppingAllIpNamesEveryUnansweredExchange() {
    Verdict verdict = decide(
        HopBuilder.uplink("eth0").to(TcpSyn, 19).to(IcmpEchoRequest, 19).to(ArpRequest, 2).from(ArpReply, 2),
        HopBuilder.tap("vnet3").to(TcpSyn, 19).to(IcmpEchoRequest, 19).to(ArpRequest, 2).from(ArpReply, 2));

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.GuestNotResponding);
    assertThat(verdict.getSummary()).contains("but none of its 19 TCP and 19 ping requests");
  }

  @Test
  void answersToTheGuestsOwnTrafficAreNotCountedAsHandedToIt() {
    Verdict verdict = decide(
        HopBuilder.uplink("eth0").to(TcpSyn, 10).to(IcmpEchoReply, 8).to(IcmpUnreachable, 3).from(IcmpEchoRequest, 8),
        HopBuilder.tap("vnet3").to(TcpSyn, 10).to(IcmpEchoReply, 8).to(IcmpUnreachable, 3).from(IcmpEchoRequest, 8));

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.GuestNotResponding);
    assertThat(verdict.getSummary()).startsWith("The guest behind tap vnet3 received 10 packets (TCP SYN) but answered");
  }
}
