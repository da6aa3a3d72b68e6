package io.vmnetdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.QdiscDrop;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guest's view and the kernel's named causes under the verdict, drawn from the report's objects. */
class ReportDetailsTest {
  @Test
  void theTracedNicIsShownWithItsCountersMovedDuringTheWindow() {
    AgentReport report = Fixtures.seedReport();

    assertThat(ReportDetails.guest(report.getPath())).containsExactly(
        "guest     eth0 52:54:00:6b:3c:58 up, addresses 10.107.98.51/24 fe80::5054:ff:fe6b:3c58/64 (from its guest"
            + " agent)",
        "          during the window: rx +17 packets (dropped +2, errors +0), tx +3 packets (dropped +0, errors +0)");
  }

  @Test
  void aNicWithoutLinkLocalAddressOrStartCountersIsNotShownUpAndSaysSo() {
    AgentReport report = Fixtures.seedReport();
    GuestInterface eth0 = report.getPath().getGuest().byMac(report.getPath().getVmMac()).orElseThrow();
    eth0.setUp(null);
    eth0.setAddresses(List.of());
    eth0.setStart(null);

    assertThat(ReportDetails.guest(report.getPath())).containsExactly(
        "guest     eth0 52:54:00:6b:3c:58 not shown up (no IPv6 link-local address), addresses none (from its guest"
            + " agent)",
        "          its counters were not read at both ends of the window");
  }

  @Test
  void noGuestViewSaysWhyAndAViewWithoutTheTracedMacListsWhatTheAgentReported() {
    AgentReport report = Fixtures.seedReport();
    report.getPath().setGuest(GuestView.absent(GuestView.NO_AGENT, "the domain has no guest agent\nchannel"));
    assertThat(ReportDetails.guest(report.getPath()))
        .containsExactly("guest     no view from inside: NoAgent (the domain has no guest agent channel)");

    report.getPath().setGuest(Fixtures.guestView());
    report.getPath().setVmMac("52:54:00:00:00:99");
    assertThat(ReportDetails.guest(report.getPath())).containsExactly("guest     its guest agent reports no interface"
        + " with MAC 52:54:00:00:00:99 (it reports lo 00:00:00:00:00:00, eth0 52:54:00:6b:3c:58)");

    report.getPath().setGuest(null);
    assertThat(ReportDetails.guest(report.getPath())).isEmpty();
  }

  @Test
  void dropsTheKernelCountedAreCausesAndOtherRulesFollow() {
    AgentReport report = Fixtures.seedReport();
    HopObservation uplink = report.getHops().get(0);
    HopObservation tap = report.getHops().get(2);
    tap.getFirewallRules().add(rule("accept", 40L, "counted"));
    tap.getFirewallRules().add(rule("drop", 12L, "dropped"));
    uplink.getFirewallRules().add(rule("drop", null, "no counter"));
    tap.getQdiscDrops().add(new QdiscDrop("pfifo", "7:", "root", 30, 0));
    uplink.getQdiscDrops().add(new QdiscDrop("fq_codel", "0:", "root", 2, 0));

    assertThat(ReportDetails.kernel(report.getHops())).containsExactly(
        "cause     qdisc fq_codel 0: (parent root) dropped 2 packets at uplink eno1, counting every packet through the"
            + " device, not only the VM's",
        "cause     nftables table bridge vndfault, chain to_vm (hook forward), handle 4: `dropped` dropped 12 packets"
            + " (840 bytes) at tap vnet3",
        "cause     qdisc pfifo 7: (parent root) dropped 30 packets at tap vnet3",
        "rule      nftables table bridge vndfault, chain to_vm (hook forward), handle 4: `no counter` drops and has no"
            + " counter: whether it dropped the VM's packets cannot be told at uplink eno1",
        "rule      nftables table bridge vndfault, chain to_vm (hook forward), handle 4: `counted` counted 40 packets"
            + " at tap vnet3");
  }

  @Test
  void thePictureCarriesTheGuestAndTheCausesBetweenTheVerdictAndTheEvidence() {
    AgentReport report = Fixtures.seedReport();
    report.getHops().get(2).getQdiscDrops().add(new QdiscDrop("pfifo", "7:", "root", 30, 0));

    List<String> lines = PathPicture.render(DiagnosisResult.of(report,
        Fixtures.verdict(VerdictReason.LostInsideHost, "bridge->tap"))).lines().toList();

    int guest = lines.indexOf(ReportDetails.guest(report.getPath()).get(0));
    assertThat(guest).as(String.join("\n", lines)).isGreaterThan(lines.indexOf("location  bridge->tap"));
    assertThat(lines.get(guest + 2)).isEqualTo("cause     qdisc pfifo 7: (parent root) dropped 30 packets at tap vnet3");
    assertThat(lines.get(guest + 3)).isEqualTo("evidence");
  }

  @Test
  void noKernelLinesWithoutRulesOrQdiscs() {
    assertThat(ReportDetails.kernel(Fixtures.seedReport().getHops())).isEmpty();
  }

  private static FirewallRuleHit rule(String verdict, Long packets, String text) {
    FirewallRuleHit rule = new FirewallRuleHit();
    rule.setFamily("bridge");
    rule.setTable("vndfault");
    rule.setChain("to_vm");
    rule.setHook("forward");
    rule.setHandle(4L);
    rule.setRule(text);
    rule.setVerdict(verdict);
    rule.setPackets(packets);
    rule.setBytes(packets == null ? null : packets * 70);
    rule.setAttribution("the rule names vnet3");
    return rule;
  }
}
