package io.vmnetdiag.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The source case's verdict must read like the write-up's conclusion, with the tap's packets as proof. */
class SeedVerdictTest {
  private final VerdictEngine engine = new VerdictEngine();

  private Verdict decide(HopObservation... hops) {
    List<HopObservation> list = List.of(hops);
    return engine.decide(HopBuilder.pathOf(list), list);
  }

  @Test
  void summaryNamesTheTapTheNumbersAndTheConclusion() {
    Verdict verdict = decide(SeedCase.uplink().build(), SeedCase.bridge().build(), SeedCase.tap().build());

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(verdict.getLocation()).isEqualTo("guest");
    assertThat(verdict.getSummary()).isEqualTo("The guest behind tap vnet3 received 42 packets"
        + " (TCP SYN to 22/80/443, ARP replies) but answered none of them and kept asking for 10.77.0.1"
        + " (asked 6 times, 6 answers handed to it, asked 5 times after the first):"
        + " its network stack is not processing received packets (a wedged NIC driver?).");
  }

  @Test
  void evidenceCountsEveryHopAndQuotesTheTapsProof() {
    Verdict verdict = decide(SeedCase.uplink().build(), SeedCase.bridge().build(), SeedCase.tap().build());

    assertThat(verdict.getEvidence()).hasSizeLessThanOrEqualTo(EvidenceWriter.MAX_LINES).startsWith(
        "uplink eth0: to VM 36 TcpSyn, 6 ArpReply; from VM 6 ArpRequest",
        "bridge br0: to VM 36 TcpSyn, 6 ArpReply; from VM 6 ArpRequest",
        "tap vnet3: to VM 36 TcpSyn, 6 ArpReply; from VM 6 ArpRequest");
    // The decisive lines: what the tap handed over, the answer to the guest's lookup, and the guest asking again after it.
    assertThat(verdict.getEvidence()).contains(
        "tap vnet3: the guest asked for 10.77.0.1 (asked 6 times, 6 answers handed to it, asked 5 times after the first)",
        "vnet3: 08:21:13.900001 ARP, Reply 10.77.0.1 is-at 02:aa:bb:cc:dd:01, length 28",
        "vnet3: 08:21:15.884842 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28",
        "vnet3: 08:21:14.000002 IP 10.77.0.2.40112 > 10.77.0.51.22: Flags [S], seq 123, win 64240, length 0");
    // The guest asking again is one fact: the repeat is not quoted twice, room goes to other SYNs.
    assertThat(verdict.getEvidence()).filteredOn(line -> line.contains("who-has")).hasSize(1);
    assertThat(verdict.getEvidence()).filteredOn(line -> line.contains("Flags [S]")).hasSize(3);
  }

  @Test
  void guestCaptureThatSawNothingIsCitedAndQuoted() {
    Verdict verdict = decide(SeedCase.uplink().build(), SeedCase.bridge().build(), SeedCase.tap().build(),
        SeedCase.guest().build());

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(verdict.getSummary()).contains("(its own capture on eth0 saw none of them)");
    assertThat(verdict.getEvidence()).contains("guest eth0: to VM nothing; from VM 6 ArpRequest")
        .contains("eth0: 08:21:13.884800 ARP, Request who-has 10.77.0.1 tell 10.77.0.51, length 28")
        .hasSizeLessThanOrEqualTo(EvidenceWriter.MAX_LINES);
  }

  @Test
  void kernelDropsOnTheTapMakeItInconclusiveAndSayWhatItWouldHaveBeen() {
    Verdict verdict = decide(SeedCase.uplink().build(), SeedCase.bridge().build(),
        SeedCase.tap().kernelDrops(12).build());

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.CaptureIncomplete);
    assertThat(verdict.getSummary()).contains("tap vnet3 dropped 12 packets in the kernel")
        .contains("GuestNotProcessingReceive at guest");
    assertThat(verdict.getEvidence())
        .contains("tap vnet3: to VM 36 TcpSyn, 6 ArpReply; from VM 6 ArpRequest (capture dropped 12 in the kernel)");
  }
}
