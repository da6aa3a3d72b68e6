package io.vmnetdiag.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ProbeTrace;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeEvidenceTest {
  @Test
  void anUnansweredProbeSeenFarthestIsQuoted() {
    ProbeReport probes = new ProbeReport();
    probes.setSent(true);
    probes.setTraces(List.of(
        new ProbeTrace("ICMP echo request id 4660 seq 1", List.of("bridge br0", "tap vnet3"), "echo reply",
            List.of("tap vnet3", "bridge br0")),
        new ProbeTrace("TCP SYN 61234 > 22", List.of("bridge br0"), "SYN-ACK or RST", List.of()),
        new ProbeTrace("TCP SYN 61234 > 443", List.of("bridge br0", "tap vnet3"), "SYN-ACK or RST", List.of())));
    List<HopObservation> hops = List.of(HopBuilder.bridge("br0").build(),
        HopBuilder.tap("vnet3").to(PacketKind.TcpSyn, 6).to(PacketKind.IcmpEchoRequest, 3)
            .from(PacketKind.IcmpEchoReply, 3).build());

    Verdict verdict = new VerdictEngine().decide(HopBuilder.pathOf(hops), hops, probes);

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.GuestNotResponding);
    assertThat(verdict.getEvidence())
        .contains("probe TCP SYN 61234 > 443: seen at bridge br0 and tap vnet3; no SYN-ACK or RST");
  }

  @Test
  void withoutTracesNothingIsAdded() {
    assertThat(ProbeEvidence.line(null)).isEmpty();
    assertThat(ProbeEvidence.line(new ProbeReport())).isEmpty();
  }
}
