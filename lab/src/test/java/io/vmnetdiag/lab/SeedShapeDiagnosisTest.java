package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.LabShape;
import io.vmnetdiag.lab.topology.LabTimes;
import io.vmnetdiag.lab.topology.LabTraffic;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's run, live: the seed's fault in the original's shape (vlan.700 -> eth0.700 -> 021f00, a /22, the
 * gateway in another /24), a few hundred SYNs from 8 clients, a guest that chatters on its own (IPv6, DHCP,
 * NTP, gratuitous ARP), and the VM's address not given. The verdict must still be the seed's, with the
 * guest's repeated ARP requests for its gateway in the evidence, and the address learned from what it sent.
 */
@LabScenarioTest
class SeedShapeDiagnosisTest {

  @Test
  void noisyWedgedGuestInTheOriginalsShapeIsFoundAtTheGuestWithoutAGivenAddress() {
    try (var timed = LabTimes.timed(SeedShapeDiagnosisTest.class, () -> LabScenario.start(LabShape.SEED,
        LabTraffic.normal().withBusyLoad().withNoisyGuest().lasting(Duration.ofSeconds(120))))) {
      LabScenario lab = timed.lab();
      lab.topology().injectGuestReceiveFault();
      NetworkDiagnosis nd = lab.defaultDiagnosis("seed-noisy");
      nd.getSpec().getTarget().getLibvirt().setAddress(null);

      NetworkDiagnosis done = lab.diagnose(nd, Duration.ofSeconds(90));

      String yaml = lab.asYaml(done);
      System.out.println("[lab] seed shape, noisy guest, busy, no address:\n" + yaml);
      var verdict = done.getStatus().getVerdict();
      assertThat(verdict.getReason()).as(yaml).isEqualTo(VerdictReason.GuestNotProcessingReceive);
      assertThat(verdict.getLocation()).isEqualTo("guest");
      assertThat(String.join("\n", verdict.getEvidence())).as(yaml)
          .contains("ARP, Request who-has " + lab.topology().gatewayAddress() + " tell " + lab.topology().guestAddress());
      assertThat(done.getStatus().getPath().getHops()).extracting("interfaceName")
          .containsExactly("vlan.700", "eth0.700", "021f00");
      assertThat(done.getStatus().getPath().getVmAddress()).as(yaml).isEqualTo(lab.topology().guestAddress());
      assertThat(done.getStatus().getPath().getAddressSource()).isEqualTo(AddressSource.Observed);
      var tap = done.getStatus().getHops().stream().filter(hop -> hop.getRole() == HopRole.Tap).findFirst().orElseThrow();
      assertThat(tap.getFromVm().getIcmpOther() + tap.getFromVm().getDhcp() + tap.getFromVm().getUdp())
          .as("the guest's own chatter was in the window").isPositive();
      assertThat(tap.getNeighborLookups()).as(yaml).anySatisfy(lookup -> {
        assertThat(lookup.getAddress()).isEqualTo(lab.topology().gatewayAddress());
        assertThat(lookup.getRequestsAfterAnswer()).isPositive();
      });
      assertThat(done.getStatus().getWindow().isEndedEarly()).as(yaml).isTrue();
      assertThat(done.getStatus().getWindow().getUsedSeconds()).as("an early end uses less than the window: " + yaml)
          .isLessThan(done.getStatus().getWindow().getPlannedSeconds());
    }
  }
}
