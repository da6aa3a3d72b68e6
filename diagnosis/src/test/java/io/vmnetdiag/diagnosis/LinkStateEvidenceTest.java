package io.vmnetdiag.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkStateEvidenceTest {
  private final List<HopObservation> hops = List.of(HopBuilder.bridge("br0").to(PacketKind.TcpSyn, 6).build(),
      HopBuilder.tap("vnet3").to(PacketKind.TcpSyn, 6).build());

  @Test
  void aLinkLibvirtHoldsDownIsALineOfEvidence() {
    ResolvedPath path = HopBuilder.pathOf(hops);
    path.setLinkState("down");

    Verdict verdict = new VerdictEngine().decide(path, hops);

    assertThat(verdict.getEvidence()).contains("libvirt holds the link of the VM's NIC behind tap vnet3 down"
        + " (<link state='down'/>): the guest sees no carrier while the tap stays up on the node");
  }

  @Test
  void anUpLinkOrAnUnknownOneAddsNothing() {
    ResolvedPath path = HopBuilder.pathOf(hops);
    Verdict unknown = new VerdictEngine().decide(path, hops);
    path.setLinkState("up");
    Verdict up = new VerdictEngine().decide(path, hops);

    assertThat(up.getEvidence()).isEqualTo(unknown.getEvidence()).noneMatch(line -> line.contains("link"));
    assertThat(LinkStateEvidence.line(null)).isEmpty();
  }
}
