package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.GuestInterfaceDown;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.GuestNotProcessingReceive;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.HostLinkDown;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.LostInsideHost;
import static io.vmnetdiag.diagnosis.GuestAgentVerdictTest.LINK_LOCAL;
import static io.vmnetdiag.diagnosis.GuestAgentVerdictTest.MAC;
import static io.vmnetdiag.diagnosis.GuestAgentVerdictTest.V4;
import static io.vmnetdiag.diagnosis.GuestAgentVerdictTest.nic;
import static io.vmnetdiag.diagnosis.GuestAgentVerdictTest.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libvirt holding the VM's link down ({@code <link state='down'/>}): its own verdict when the tap is handed frames,
 * nothing comes from the VM, and the guest's agent (if any) shows its NIC up; otherwise the rules it would have met
 * without it decide, and the link state stays a line of evidence.
 */
class HostLinkDownVerdictTest {
  private static final String LINK_LINE = "libvirt holds the link of the VM's NIC behind tap vnet3 down";

  /** What the real VM's tap sees with its link held down: SYNs, pings and ARP for it handed over, nothing back. */
  private static List<HopObservation> silentBehindTheTap() {
    return List.of(HopBuilder.uplink("eth0").to(TcpSyn, 12).to(IcmpEchoRequest, 4).to(ArpRequest, 3).build(),
        HopBuilder.bridge("br0").to(TcpSyn, 12).to(IcmpEchoRequest, 4).to(ArpRequest, 3).build(),
        HopBuilder.tap("vnet3").to(TcpSyn, 12).to(IcmpEchoRequest, 4).to(ArpRequest, 3).build());
  }

  static Stream<Arguments> rows() {
    List<HopObservation> silent = silentBehindTheTap();
    List<HopObservation> seed = List.of(SeedCase.uplink().build(), SeedCase.bridge().build(), SeedCase.tap().build());
    List<HopObservation> nothingReachesTheTap = List.of(HopBuilder.uplink("eth0").to(TcpSyn, 12).build(),
        HopBuilder.bridge("br0").to(TcpSyn, 12).build(), HopBuilder.tap("vnet3").build());
    return Stream.of(
        arguments("link down, no guest agent: the XML and the tap decide", silent, "down", null, HostLinkDown,
            "tap->guest"),
        arguments("link down, the guest's agent shows eth0 up with frozen counters", silent, "down",
            view(nic(100, 100, 50, 50, V4, LINK_LOCAL)), HostLinkDown, "tap->guest"),
        arguments("link down and the agent not read: the XML and the tap decide", silent, "down",
            GuestView.absent(GuestView.AGENT_NOT_ANSWERING, "timeout"), HostLinkDown, "tap->guest"),
        arguments("link up: the same captures are a guest that ignores ARP for its own address", silent, "up", null,
            GuestNotProcessingReceive, "guest"),
        arguments("no link state known: the same", silent, null, null, GuestNotProcessingReceive, "guest"),
        arguments("link down but the VM still sends: the XML is contradicted, the guest's rules decide", seed, "down",
            null, GuestNotProcessingReceive, "guest"),
        arguments("link down and the guest holds eth0 down too: left to the guest's view", silent, "down",
            view(nic(100, 100, 50, 50, V4)), GuestInterfaceDown, "guest"),
        arguments("link down but nothing reached the tap: lost on the node first", nothingReachesTheTap, "down", null,
            LostInsideHost, "bridge->tap"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theHostLinkDecidesOnlyWhenTheCapturesAgree(String name, List<HopObservation> hops, String linkState,
      GuestView guest, VerdictReason reason, String location) {
    ResolvedPath path = HopBuilder.pathOf(hops);
    path.setVmMac(MAC);
    path.setLinkState(linkState);
    path.setGuest(guest);

    Verdict verdict = new VerdictEngine().decide(path, hops);

    String text = verdict.getSummary() + "\n" + String.join("\n", verdict.getEvidence());
    assertThat(verdict.getReason()).as(text).isEqualTo(reason);
    assertThat(verdict.getLocation()).as(text).isEqualTo(location);
    // the link state is evidence whatever decided, and only when libvirt holds it down
    if ("down".equals(linkState)) {
      assertThat(verdict.getEvidence()).as(text).anyMatch(line -> line.startsWith(LINK_LINE));
    } else {
      assertThat(text).doesNotContain("link state");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aHostLinkDownSummaryNamesTheLinkTheTapAndTheFix(String name, List<HopObservation> hops, String linkState,
      GuestView guest, VerdictReason reason, String location) {
    ResolvedPath path = HopBuilder.pathOf(hops);
    path.setVmMac(MAC);
    path.setLinkState(linkState);
    path.setGuest(guest);

    Verdict verdict = new VerdictEngine().decide(path, hops);

    if (reason != HostLinkDown) {
      assertThat(verdict.getSummary()).doesNotContain("virsh domif-setlink");
      return;
    }
    assertThat(verdict.getSummary())
        .startsWith("libvirt holds the link of the VM's NIC down (<link state='down'/>): tap vnet3, still up on the"
            + " node, was handed 19 packets for " + HopBuilder.VM + " (")
        .contains("and nothing came from the VM")
        .endsWith("QEMU passes no frame either way and the guest sees no carrier (virsh domif-setlink vm-under-test"
            + " vnet3 up).");
    assertThat(verdict.getSummary().contains("agent shows eth0 up")).isEqualTo(guest != null && guest.getSource() != null);
    // the packets handed to the tap are quoted; a guest agent that answered adds its own line
    assertThat(verdict.getEvidence()).anyMatch(line -> line.startsWith("tap vnet3: to VM "));
    if (guest != null && guest.getSource() != null) {
      assertThat(verdict.getEvidence()).anyMatch(line -> line.startsWith("guest agent: eth0 (" + MAC + ") up"));
    }
  }
}
