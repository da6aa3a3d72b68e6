package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpOther;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSynAck;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConclusiveEvidenceTest {
  @Test
  void theSeedAtTheTapIsConclusiveWhateverTheGuestSendsOnItsOwn() {
    assertThat(ConclusiveEvidence.atTap(SeedCase.tap().from(IcmpOther, 3).build()))
        .hasValue("at tap vnet3 the guest kept asking for 10.77.0.1 (asked 6 times, 6 answers handed to it,"
            + " asked 5 times after the first) and answered none of the 36 requests handed to it");
  }

  @Test
  void anyAnswerOrTooFewRequestsOrNoReaskingIsNot() {
    assertThat(ConclusiveEvidence.atTap(SeedCase.tap().from(TcpSynAck, 1).build())).isEmpty();
    assertThat(ConclusiveEvidence.atTap(HopBuilder.tap("vnet3").to(TcpSyn, 2).to(ArpReply, 1).from(ArpRequest, 2)
        .lookup(SeedCase.GATEWAY, 2, 1, 1).build())).isEmpty();
    assertThat(ConclusiveEvidence.atTap(HopBuilder.tap("vnet3").to(TcpSyn, 30).to(ArpReply, 1).from(ArpRequest, 1)
        .lookup(SeedCase.GATEWAY, 1, 1, 0).build())).isEmpty();
    assertThat(ConclusiveEvidence.atTap(null)).isEmpty();
  }
}
