package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.GuestInterfaceDown;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.GuestNotProcessingReceive;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.GuestNotResponding;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.PathHealthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vmnetdiag.api.v1alpha1.GuestCounters;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
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

/** The guest agent's view of the traced NIC, with the same captures: what it changes in the verdict. */
class GuestAgentVerdictTest {
  static final String MAC = "52:54:00:00:00:51";
  static final String V4 = HopBuilder.VM + "/24";
  static final String LINK_LOCAL = "fe80::5054:ff:fe00:51/64";

  static Stream<Arguments> rows() {
    List<HopObservation> seed = List.of(SeedCase.uplink().build(), SeedCase.bridge().build(), SeedCase.tap().build());
    List<HopObservation> silentGuest = List.of(HopBuilder.uplink("eth0").to(TcpSyn, 12).to(IcmpEchoRequest, 4).build(),
        HopBuilder.tap("vnet3").to(TcpSyn, 12).to(IcmpEchoRequest, 4).build());
    List<HopObservation> healthy = List.of(
        HopBuilder.uplink("eth0").to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4).build(),
        HopBuilder.tap("vnet3").to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4).build());
    return Stream.of(
        arguments("seed, no guest view reported (an older agent): as before", seed, null,
            GuestNotProcessingReceive, List.of("not processing received packets"), List.of("guest agent")),
        arguments("seed, no agent: said in the evidence, nothing guessed", seed,
            GuestView.absent(GuestView.NO_AGENT, "QEMU guest agent is not configured"),
            GuestNotProcessingReceive, List.of("guest agent: not read (NoAgent: QEMU guest agent is not configured)"),
            List.of("counted", "stood still")),
        arguments("seed, rx counters rising, nothing answered", seed,
            view(nic(100, 136, 50, 58, V4, LINK_LOCAL)), GuestNotProcessingReceive,
            List.of("eth0 counted 36 packets in (rx 100 -> 136", "they reach its NIC and die above it"),
            List.of("stood still")),
        arguments("seed, rx counters frozen while the tap delivers and the guest still sends", seed,
            view(nic(100, 100, 50, 58, V4, LINK_LOCAL)), GuestNotProcessingReceive,
            List.of("eth0's rx counter stood still at 100 while its tap delivered", "die before its NIC counts them"),
            List.of("they reach its NIC")),
        arguments("guest eth0 administratively down: nothing counted in or out, no link-local address", seed,
            view(nic(100, 100, 50, 50, V4)), GuestInterfaceDown,
            List.of("eth0 is down inside the guest", "ip link set eth0 up", "rx 100 and tx 50 packets stood still"),
            List.of()),
        arguments("a silent guest whose eth0 is down", silentGuest, view(nic(7, 7, 3, 3, V4)), GuestInterfaceDown,
            List.of("eth0 is down inside the guest"), List.of()),
        arguments("counters frozen but a link-local address proves it up: not down", silentGuest,
            view(nic(7, 7, 3, 3, V4, LINK_LOCAL)), GuestNotResponding, List.of("sent nothing at all"),
            List.of("is down inside the guest")),
        arguments("the guest's NIC holds no IPv4 address", seed, view(nic(100, 136, 50, 58, LINK_LOCAL)),
            GuestNotResponding, List.of("holds no IPv4 address", "fe80::5054:ff:fe00:51/64"), List.of()),
        arguments("healthy: the agent's view changes nothing but a line of evidence", healthy,
            view(nic(100, 104, 50, 54, V4, LINK_LOCAL)), PathHealthy, List.of(), List.of("down")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theGuestAgentsViewDecides(String name, List<HopObservation> hops, GuestView guest, VerdictReason reason,
      List<String> says, List<String> neverSays) {
    ResolvedPath path = HopBuilder.pathOf(hops);
    path.setVmMac(MAC);
    path.setGuest(guest);

    Verdict verdict = new VerdictEngine().decide(path, hops);

    String text = verdict.getSummary() + "\n" + String.join("\n", verdict.getEvidence());
    assertThat(verdict.getReason()).as(text).isEqualTo(reason);
    says.forEach(phrase -> assertThat(text).contains(phrase));
    neverSays.forEach(phrase -> assertThat(verdict.getSummary()).doesNotContain(phrase));
  }

  static GuestView view(GuestInterface... nics) {
    GuestView view = new GuestView();
    view.setSource(GuestView.GUEST_AGENT);
    view.setInterfaces(List.of(nics));
    return view;
  }

  static GuestInterface nic(long rxStart, long rxEnd, long txStart, long txEnd, String... addresses) {
    GuestInterface nic = new GuestInterface("eth0", MAC);
    nic.setAddresses(List.of(addresses));
    if (List.of(addresses).stream().anyMatch(address -> address.startsWith("fe80:"))) {
      nic.setUp(true);
    }
    nic.setStart(new GuestCounters(rxStart, 0, 0, 0, txStart, 0, 0, 0));
    nic.setEnd(new GuestCounters(rxEnd, 0, 0, 0, txEnd, 0, 0, 0));
    return nic;
  }
}
