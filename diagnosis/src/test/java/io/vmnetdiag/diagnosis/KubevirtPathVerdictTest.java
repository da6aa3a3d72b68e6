package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A KubeVirt path: the node's uplink and the pod's veth, then in the virt-launcher pod its eth0, k6t-eth0, tap0. */
class KubevirtPathVerdictTest {
  private static final String POD_IP = "10.131.17.10";
  private static final String VM_MAC = "52:54:00:00:00:01";
  private final VerdictEngine engine = new VerdictEngine();

  @Test
  void requestsReachingThePodsEthButNotItsBridgeAreLostInThePod() {
    List<HopObservation> hops = List.of(
        HopBuilder.uplink("ens3").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodVeth, "cali12ab").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodInterface, "eth0").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodBridge, "k6t-eth0").build(),
        HopBuilder.tap("tap0").build());

    Verdict verdict = engine.decide(masquerade(hops), hops);

    assertThat(verdict.getLocation()).as(verdict.getSummary()).isEqualTo("podinterface->podbridge");
    assertThat(verdict.getSummary()).contains("eth0").contains("k6t-eth0").contains("NAT");
  }

  @Test
  void answersLeavingThePodsBridgeButNotItsEthAreLostInThePodOnTheWayOut() {
    List<HopObservation> hops = List.of(
        HopBuilder.uplink("ens3").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodVeth, "cali12ab").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodInterface, "eth0").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodBridge, "k6t-eth0").to(IcmpEchoRequest, 20).from(IcmpEchoReply, 20).build(),
        HopBuilder.tap("tap0").to(IcmpEchoRequest, 20).from(IcmpEchoReply, 20).build());

    Verdict verdict = engine.decide(masquerade(hops), hops);

    assertThat(verdict.getReason()).as(verdict.getSummary()).isEqualTo(VerdictReason.LostOnEgress);
    assertThat(verdict.getLocation()).isEqualTo("podbridge->podinterface");
    assertThat(verdict.getSummary()).contains("NAT");
  }

  @Test
  void requestsLostBetweenTheNodeAndThePodAreLostOnTheNodeSide() {
    List<HopObservation> hops = List.of(
        HopBuilder.uplink("ens3").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodVeth, "cali12ab").build(),
        HopBuilder.of(HopRole.PodInterface, "eth0").build(),
        HopBuilder.of(HopRole.PodBridge, "k6t-eth0").build(),
        HopBuilder.tap("tap0").build());

    Verdict verdict = engine.decide(masquerade(hops), hops);

    assertThat(verdict.getLocation()).as(verdict.getSummary()).isEqualTo("uplink->podveth");
  }

  @Test
  void aNattedGuestAnsweringFromItsOwnAddressIsHealthyNotAnAddressMismatch() {
    List<HopObservation> hops = List.of(
        HopBuilder.uplink("ens3").to(IcmpEchoRequest, 20).from(IcmpEchoReply, 20).source(POD_IP).build(),
        HopBuilder.of(HopRole.PodVeth, "cali12ab").to(IcmpEchoRequest, 20).from(IcmpEchoReply, 20).source(POD_IP)
            .build(),
        HopBuilder.of(HopRole.PodInterface, "eth0").to(IcmpEchoRequest, 20).from(IcmpEchoReply, 20).source(POD_IP)
            .build(),
        HopBuilder.of(HopRole.PodBridge, "k6t-eth0").to(IcmpEchoRequest, 20).from(IcmpEchoReply, 20)
            .source("10.0.2.2").build(),
        HopBuilder.tap("tap0").to(IcmpEchoRequest, 20).from(IcmpEchoReply, 20).source("10.0.2.2").build());

    assertThat(engine.decide(masquerade(hops), hops).getReason()).isEqualTo(VerdictReason.PathHealthy);
    // the same frames on a path that translates nothing: the tap's source is not the VM's address
    assertThat(engine.decide(HopBuilder.pathOf(hops, POD_IP), hops).getReason())
        .isEqualTo(VerdictReason.AddressMismatch);
  }

  @Test
  void aWedgedGuestBehindTheInPodBridgeIsFoundAtTheGuest() {
    List<HopObservation> hops = List.of(
        HopBuilder.uplink("ens3").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodVeth, "cali12ab").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodInterface, "eth0").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodBridge, "k6t-eth0").to(IcmpEchoRequest, 20).to(ArpReply, 5).build(),
        HopBuilder.tap("tap0").to(IcmpEchoRequest, 20).to(ArpReply, 5).from(ArpRequest, 6).build());

    Verdict verdict = engine.decide(masquerade(hops), hops);

    assertThat(verdict.getLocation()).as(verdict.getSummary()).isEqualTo("guest");
  }

  @Test
  void aLinkKubevirtReportsDownIsHeldDownByVirtLauncherWithKubevirtsFix() {
    List<HopObservation> hops = guestSilent();
    ResolvedPath path = masquerade(hops);
    path.setLinkState("down");

    Verdict verdict = engine.decide(path, hops);

    assertThat(verdict.getReason()).as(verdict.getSummary()).isEqualTo(VerdictReason.HostLinkDown);
    assertThat(verdict.getLocation()).isEqualTo("tap->guest");
    assertThat(verdict.getSummary()).contains("spec.domain.devices.interfaces[].state").doesNotContain("virsh");
  }

  @Test
  void theGuestAgentsViewThroughTheVmiWithoutAnIpv4AddressMakesTheGuestUnableToAnswer() {
    List<HopObservation> hops = guestSilent();
    ResolvedPath path = masquerade(hops);
    path.setVmMac(VM_MAC);
    GuestView view = new GuestView();
    view.setSource(GuestView.KUBEVIRT_GUEST_AGENT);
    GuestInterface nic = new GuestInterface("eth0", VM_MAC);
    nic.setAddresses(List.of("fe80::5054:ff:fe00:1"));
    view.setInterfaces(List.of(nic));
    path.setGuest(view);

    Verdict verdict = engine.decide(path, hops);

    assertThat(verdict.getReason()).as(verdict.getSummary()).isEqualTo(VerdictReason.GuestNotResponding);
    assertThat(verdict.getSummary()).contains("holds no IPv4 address");
    // without that view the same captures say nothing of the guest's addresses
    path.setGuest(null);
    assertThat(engine.decide(path, hops).getSummary()).doesNotContain("IPv4 address");
  }

  /** Requests delivered through the pod to tap0, nothing back from the guest. */
  private static List<HopObservation> guestSilent() {
    return List.of(
        HopBuilder.uplink("ens3").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodVeth, "cali12ab").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodInterface, "eth0").to(IcmpEchoRequest, 20).build(),
        HopBuilder.of(HopRole.PodBridge, "k6t-eth0").to(IcmpEchoRequest, 20).build(),
        HopBuilder.tap("tap0").to(IcmpEchoRequest, 20).build());
  }

  private static ResolvedPath masquerade(List<HopObservation> hops) {
    ResolvedPath path = HopBuilder.pathOf(hops, POD_IP);
    path.setDomain(null);
    path.setAddressTranslatedAt("eth0");
    return path;
  }
}
