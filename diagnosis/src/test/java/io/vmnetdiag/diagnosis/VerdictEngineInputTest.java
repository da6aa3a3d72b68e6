package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSynAck;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever the agent sends back (nulls, duplicates, no path), the engine answers with a verdict. */
class VerdictEngineInputTest {
  private final VerdictEngine engine = new VerdictEngine();

  @Test
  void nothingAtAllIsIncomplete() {
    Verdict verdict = engine.decide(null, null);
    assertThat(verdict.getReason()).isEqualTo(VerdictReason.CaptureIncomplete);
    assertThat(verdict.getLocation()).isEqualTo("unknown");
  }

  @Test
  void nullFieldsAndNullEntriesAreTolerated() {
    HopObservation uplink = new HopObservation(HopRole.Uplink, null);
    uplink.setToVm(null);
    uplink.setFromVm(null);
    uplink.setCapture(null);
    uplink.setSamples(null);
    HopObservation tap = new HopObservation(HopRole.Tap, "vnet7");
    tap.setSamples(new ArrayList<>(Arrays.asList(null, new PacketSample())));
    tap.setNeighborLookups(new ArrayList<>(Arrays.asList(null, new NeighborLookup())));
    List<HopObservation> hops = Arrays.asList(uplink, null, new HopObservation(null, "x"), tap);

    Verdict verdict = engine.decide(null, hops);

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.NoTrafficObserved);
    assertThat(verdict.getSummary()).contains("the VM").contains("uplink uplink").contains("tap vnet7");
  }

  @Test
  void theFirstObservationOfARoleCounts() {
    List<HopObservation> hops = List.of(
        HopBuilder.uplink("eth0").to(TcpSyn, 3).from(TcpSynAck, 3).build(),
        HopBuilder.uplink("eth1").build(),
        HopBuilder.tap("vnet3").to(TcpSyn, 3).from(TcpSynAck, 3).build());

    assertThat(engine.decide(HopBuilder.pathOf(hops), hops).getReason()).isEqualTo(VerdictReason.PathHealthy);
  }

  @Test
  void interfaceNamesComeFromThePathWhenTheObservationLacksThem() {
    HopObservation uplink = HopBuilder.uplink(null).to(TcpSyn, 5).build();
    HopObservation tap = HopBuilder.tap(null).build();
    var path = HopBuilder.pathOf(List.of(HopBuilder.uplink("eno1").build(), HopBuilder.tap("vnet9").build()));

    Verdict verdict = engine.decide(path, List.of(uplink, tap));

    assertThat(verdict.getReason()).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(verdict.getLocation()).isEqualTo("uplink->tap");
    assertThat(verdict.getSummary()).contains("uplink eno1").contains("tap vnet9");
  }
}
