package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.BridgePortState;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A bridge port of the path that is not forwarding, as resolution read it: named in the verdict. */
class PortStateEvidenceTest {
  private final List<HopObservation> lostBeforeTheTap = List.of(
      HopBuilder.uplink("eth0").to(TcpSyn, 12).to(ArpRequest, 3).build(),
      HopBuilder.bridge("br0").to(TcpSyn, 12).to(ArpRequest, 3).build(),
      HopBuilder.tap("vnet3").from(ArpRequest, 2).build());

  @ParameterizedTest
  @EnumSource(value = BridgePortState.class, names = "Forwarding", mode = EnumSource.Mode.EXCLUDE)
  void aTapPortThatForwardsNothingIsTheCauseOfALossBeforeTheTap(BridgePortState state) {
    ResolvedPath path = pathWith(lostBeforeTheTap, HopRole.Tap, state);

    Verdict verdict = new VerdictEngine().decide(path, lostBeforeTheTap);

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(verdict.getLocation()).isEqualTo("bridge->tap");
    String name = state.name().toLowerCase(java.util.Locale.ROOT);
    assertThat(verdict.getSummary()).endsWith("; the kernel names the cause: bridge port tap vnet3 of br0 is in state "
        + name + ", so the bridge forwards no frame to or from it.");
    assertThat(verdict.getEvidence()).contains("bridge port tap vnet3 of br0: state " + name
        + " (not forwarding: the bridge passes no frame to or from it)");
  }

  @Test
  void aForwardingPortOrAnUnknownStateAddsNothing() {
    Verdict unknown = new VerdictEngine().decide(HopBuilder.pathOf(lostBeforeTheTap), lostBeforeTheTap);
    Verdict forwarding = new VerdictEngine().decide(pathWith(lostBeforeTheTap, HopRole.Tap, BridgePortState.Forwarding),
        lostBeforeTheTap);

    assertThat(forwarding.getSummary()).isEqualTo(unknown.getSummary()).doesNotContain("names the cause");
    assertThat(forwarding.getEvidence()).isEqualTo(unknown.getEvidence()).noneMatch(line -> line.contains("state"));
  }

  @Test
  void aStuckPortOffTheSegmentIsEvidenceNotTheCause() {
    // the uplink port blocking while packets vanish between bridge and tap: said, not blamed
    ResolvedPath path = pathWith(lostBeforeTheTap, HopRole.Uplink, BridgePortState.Blocking);

    Verdict verdict = new VerdictEngine().decide(path, lostBeforeTheTap);

    assertThat(verdict.getLocation()).isEqualTo("bridge->tap");
    assertThat(verdict.getSummary()).doesNotContain("names the cause");
    assertThat(verdict.getEvidence()).contains("bridge port uplink eth0 of br0: state blocking (not forwarding: the"
        + " bridge passes no frame to or from it)");
  }

  @Test
  void aHealthyPathKeepsItsVerdictAndStillShowsAStuckPort() {
    List<HopObservation> healthy = List.of(HopBuilder.uplink("eth0").to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4).build(),
        HopBuilder.tap("vnet3").to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4).build());
    ResolvedPath path = pathWith(healthy, HopRole.Tap, BridgePortState.Learning);

    Verdict verdict = new VerdictEngine().decide(path, healthy);

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.PathHealthy);
    assertThat(verdict.getEvidence()).anyMatch(line -> line.startsWith("bridge port tap vnet3: state learning"));
  }

  private static ResolvedPath pathWith(List<HopObservation> hops, HopRole role, BridgePortState state) {
    ResolvedPath path = HopBuilder.pathOf(hops);
    path.getHops().stream().filter(hop -> hop.getRole() == role).forEach(hop -> hop.setPortState(state));
    return path;
  }
}
