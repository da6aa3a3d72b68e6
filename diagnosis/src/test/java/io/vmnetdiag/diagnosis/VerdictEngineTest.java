package io.vmnetdiag.diagnosis;

import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.ArpRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.Dhcp;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpOther;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoReply;
import static io.vmnetdiag.api.v1alpha1.PacketKind.IcmpEchoRequest;
import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborAdvertisement;
import static io.vmnetdiag.api.v1alpha1.PacketKind.NeighborSolicitation;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpData;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpFin;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpOther;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpRst;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSyn;
import static io.vmnetdiag.api.v1alpha1.PacketKind.TcpSynAck;
import static io.vmnetdiag.api.v1alpha1.PacketKind.Udp;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.AddressMismatch;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.CaptureIncomplete;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.GuestNotProcessingReceive;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.GuestNotResponding;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.LostInsideHost;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.LostOnEgress;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.LostUpstreamOfHost;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.NoTrafficObserved;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.PathHealthy;
import static io.vmnetdiag.api.v1alpha1.VerdictReason.UpstreamUntested;
import static io.vmnetdiag.diagnosis.HopBuilder.bridge;
import static io.vmnetdiag.diagnosis.HopBuilder.guest;
import static io.vmnetdiag.diagnosis.HopBuilder.tap;
import static io.vmnetdiag.diagnosis.HopBuilder.uplink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per fault scenario: the hops each capture saw, and the verdict a network engineer would give. */
class VerdictEngineTest {
  private static final String GW = SeedCase.GATEWAY;
  private static final String GW6 = SeedCase6.GATEWAY;
  private final VerdictEngine engine = new VerdictEngine();

  static Stream<Arguments> scenarios() {
    return Stream.of(
        // --- the source case and its variants
        row("seed: SYNs and ARP replies reach the tap, the guest only ARPs", GuestNotProcessingReceive, "guest",
            SeedCase.uplink(), SeedCase.bridge(), SeedCase.tap()),
        row("seed with the guest's own capture seeing only its ARP requests", GuestNotProcessingReceive, "guest",
            SeedCase.uplink(), SeedCase.bridge(), SeedCase.tap(), SeedCase.guest()),
        row("seed with the guest's capture empty: still the guest", GuestNotProcessingReceive, "guest",
            SeedCase.uplink(), SeedCase.bridge(), SeedCase.tap(), guest("eth0")),
        row("seed without a bridge hop", GuestNotProcessingReceive, "guest",
            SeedCase.uplink(), SeedCase.tap()),
        row("seed with a failed guest capture: the guest hop is only a refinement", GuestNotProcessingReceive, "guest",
            SeedCase.uplink(), SeedCase.bridge(), SeedCase.tap(), guest("eth0").failure("guest agent timeout")),
        row("seed with kernel drops on the uplink: what it saw still happened", GuestNotProcessingReceive, "guest",
            SeedCase.uplink().kernelDrops(300), SeedCase.bridge(), SeedCase.tap()),
        row("seed with kernel drops on the tap: the guest's silence is unproven", CaptureIncomplete, "unknown",
            SeedCase.uplink(), SeedCase.bridge(), SeedCase.tap().kernelDrops(12)),
        row("seed with a router solicitation, an MLD report and a DHCP renewal from the guest", GuestNotProcessingReceive,
            "guest", SeedCase.uplink().from(IcmpOther, 2).from(Dhcp, 1), SeedCase.bridge().from(IcmpOther, 2).from(Dhcp, 1),
            SeedCase.tap().from(IcmpOther, 2).from(Dhcp, 1)),
        row("seed with the guest's gratuitous ARP and an NTP query", GuestNotProcessingReceive, "guest",
            SeedCase.uplink().from(ArpRequest, 1).from(Udp, 1), SeedCase.bridge().from(ArpRequest, 1).from(Udp, 1),
            SeedCase.tap().from(ArpRequest, 1).from(Udp, 1)),
        row("guest firewall with the guest's own DHCP and RS: still not responding", GuestNotResponding, "guest",
            uplink("eth0").to(TcpSyn, 10).to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4).from(Dhcp, 2).from(IcmpOther, 3),
            tap("vnet3").to(TcpSyn, 10).to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4).from(Dhcp, 2).from(IcmpOther, 3)),
        row("guest only ARPs while the tap hands it ARP requests for its address", GuestNotProcessingReceive, "guest",
            uplink("eth0").to(IcmpEchoRequest, 10).to(ArpRequest, 3).from(ArpRequest, 5),
            tap("vnet3").to(IcmpEchoRequest, 10).to(ArpRequest, 3).from(ArpRequest, 5)),

        // --- the diagnosis aims at an address the VM does not use
        row("the spec's address is stale: probes to it unanswered, the VM sends from another", AddressMismatch, "unknown",
            uplink("eth0"), bridge("br0").to(ArpRequest, 3).to(IcmpEchoRequest, 3),
            tap("vnet3").to(ArpRequest, 3).to(IcmpEchoRequest, 3).from(ArpRequest, 2).source("10.77.0.50")),
        row("the VM also sends from an IPv6 link-local address: only its IPv4 source counts", GuestNotProcessingReceive,
            "guest", SeedCase.uplink(), SeedCase.bridge(), SeedCase.tap().source("fe80::5054:ff:fe00:51").source(HopBuilder.VM)),

        // --- capture problems
        row("uplink capture failed", CaptureIncomplete, "unknown",
            uplink("eth0").failure("no such device"), SeedCase.bridge(), SeedCase.tap()),
        row("tap capture failed", CaptureIncomplete, "unknown",
            SeedCase.uplink(), SeedCase.bridge(), tap("vnet3").failure("permission denied")),
        row("no tap hop at all", CaptureIncomplete, "unknown",
            SeedCase.uplink(), SeedCase.bridge()),
        row("nothing at the uplink, but its capture dropped packets", CaptureIncomplete, "unknown",
            uplink("eth0").kernelDrops(5000), bridge("br0"), tap("vnet3")),
        row("silence everywhere, but the bridge capture dropped packets", CaptureIncomplete, "unknown",
            uplink("eth0"), bridge("br0").kernelDrops(40), tap("vnet3")),
        row("replies vanish before the uplink, but the uplink capture dropped packets", CaptureIncomplete, "unknown",
            uplink("eth0").to(TcpSyn, 10).kernelDrops(900), tap("vnet3").to(TcpSyn, 10).from(TcpSynAck, 10)),

        // --- nothing to judge, and health
        row("no traffic anywhere", NoTrafficObserved, "unknown",
            uplink("eth0"), bridge("br0"), tap("vnet3")),
        row("SYNs answered", PathHealthy, "none",
            uplink("eth0").to(TcpSyn, 10).from(TcpSynAck, 10), bridge("br0").to(TcpSyn, 10).from(TcpSynAck, 10),
            tap("vnet3").to(TcpSyn, 10).from(TcpSynAck, 10)),
        row("closed port answered with RST is still a working path", PathHealthy, "none",
            uplink("eth0").to(TcpSyn, 4).from(TcpRst, 4), tap("vnet3").to(TcpSyn, 4).from(TcpRst, 4)),
        row("pings answered, tap capture lossy: positive proof stands", PathHealthy, "none",
            uplink("eth0").to(IcmpEchoRequest, 5).from(IcmpEchoReply, 5),
            tap("vnet3").to(IcmpEchoRequest, 5).from(IcmpEchoReply, 5).kernelDrops(77)),
        row("a third of the requests dropped between bridge and tap, the rest answered", LostInsideHost, "bridge->tap",
            uplink("eth0").to(TcpSyn, 24).to(IcmpEchoRequest, 15).from(TcpRst, 15).from(IcmpEchoReply, 10),
            bridge("br0").to(TcpSyn, 24).to(IcmpEchoRequest, 15).from(TcpRst, 15).from(IcmpEchoReply, 10),
            tap("vnet3").to(TcpSyn, 15).to(IcmpEchoRequest, 10).from(TcpRst, 15).from(IcmpEchoReply, 10)),
        row("a fifth of the answers dropped between tap and uplink", LostOnEgress, "tap->uplink",
            uplink("eth0").to(TcpSyn, 50).from(TcpSynAck, 40), tap("vnet3").to(TcpSyn, 50).from(TcpSynAck, 50)),
        row("one request in flight at the window's end is no loss", PathHealthy, "none",
            uplink("eth0").to(TcpSyn, 40).from(TcpSynAck, 39), bridge("br0").to(TcpSyn, 40).from(TcpSynAck, 39),
            tap("vnet3").to(TcpSyn, 39).from(TcpSynAck, 39)),
        row("only ARP asked and answered", PathHealthy, "none",
            uplink("eth0").to(ArpRequest, 3).from(ArpReply, 3), tap("vnet3").to(ArpRequest, 3).from(ArpReply, 3)),

        // --- upstream
        row("nothing reaches the uplink, the VM's ARP goes out unanswered", LostUpstreamOfHost, "upstream",
            uplink("eth0").from(ArpRequest, 4).lookup(GW, 4, 0, 0), bridge("br0").from(ArpRequest, 4).lookup(GW, 4, 0, 0),
            tap("vnet3").from(ArpRequest, 4).lookup(GW, 4, 0, 0)),
        row("pings from the node answered at the tap, nothing from outside: upstream untested", UpstreamUntested, "none",
            uplink("eth0"), bridge("br0").to(IcmpEchoRequest, 5).from(IcmpEchoReply, 5),
            tap("vnet3").to(IcmpEchoRequest, 5).from(IcmpEchoReply, 5)),
        row("the VM's own lookups answered, nobody asked it anything: healthy both ways", PathHealthy, "none",
            uplink("eth0").to(ArpReply, 2).from(ArpRequest, 2).lookup(GW, 2, 2, 0),
            tap("vnet3").to(ArpReply, 2).from(ArpRequest, 2).lookup(GW, 2, 2, 0)),
        row("the node's probes answered, but the VM's lookups for its gateway leave the uplink unanswered",
            LostUpstreamOfHost, "upstream",
            uplink("eth0").from(ArpRequest, 8).lookup(GW, 8, 0, 0),
            bridge("br0").to(ArpRequest, 3).from(ArpReply, 3).from(ArpRequest, 8).lookup(GW, 8, 0, 0),
            tap("vnet3").to(ArpRequest, 3).from(ArpReply, 3).from(ArpRequest, 8).lookup(GW, 8, 0, 0)),
        // The node probes from its bridge address; the VM's answers to it end on the node and never cross the uplink.
        row("idle VM: the node's probes answered at the tap, one client FIN at the uplink asks nothing", UpstreamUntested,
            "none", uplink("eth0").to(TcpFin, 1),
            bridge("br0").to(TcpSyn, 3).to(IcmpEchoRequest, 3).to(ArpRequest, 1).to(TcpFin, 1)
                .fromToNode(TcpSynAck, 3).fromToNode(IcmpEchoReply, 3).fromToNode(ArpReply, 1),
            tap("vnet3").to(TcpSyn, 3).to(IcmpEchoRequest, 3).to(ArpRequest, 1).to(TcpFin, 1)
                .fromToNode(TcpSynAck, 3).fromToNode(IcmpEchoReply, 3).fromToNode(ArpReply, 1)),
        row("a client's pings answered while the node's probes are too: no answer is lost on the way out", PathHealthy,
            "none", uplink("eth0").to(IcmpEchoRequest, 10).from(IcmpEchoReply, 10),
            bridge("br0").to(IcmpEchoRequest, 15).to(TcpSyn, 4).from(IcmpEchoReply, 10).fromToNode(IcmpEchoReply, 5)
                .fromToNode(TcpRst, 4),
            tap("vnet3").to(IcmpEchoRequest, 15).to(TcpSyn, 4).from(IcmpEchoReply, 10).fromToNode(IcmpEchoReply, 5)
                .fromToNode(TcpRst, 4)),
        row("the VM's own pings to the node go unanswered, nobody asks it anything: nothing to follow out",
            NoTrafficObserved, "unknown", uplink("eth0"), bridge("br0").fromToNode(IcmpEchoRequest, 4),
            tap("vnet3").fromToNode(IcmpEchoRequest, 4)),
        row("one client FIN reaches the VM and nothing else: a closing connection asks nothing", NoTrafficObserved,
            "unknown", uplink("eth0").to(TcpFin, 1), bridge("br0").to(TcpFin, 1), tap("vnet3").to(TcpFin, 1)),
        row("the VM's own pings leave the uplink unanswered, nobody asks it anything", LostUpstreamOfHost, "upstream",
            uplink("eth0").from(IcmpEchoRequest, 6), bridge("br0").from(IcmpEchoRequest, 6),
            tap("vnet3").from(IcmpEchoRequest, 6)),
        row("the VM's own SYNs never leave the node, nobody asks it anything", LostOnEgress, "tap->bridge",
            uplink("eth0"), bridge("br0"), tap("vnet3").from(TcpSyn, 4)),
        row("the VM's own pings answered, nobody asks it anything: healthy both ways", PathHealthy,
            "none", uplink("eth0").from(IcmpEchoRequest, 3).to(IcmpEchoReply, 3),
            tap("vnet3").from(IcmpEchoRequest, 3).to(IcmpEchoReply, 3)),
        row("only the VM's own chatter, nobody asked it anything", NoTrafficObserved, "unknown",
            uplink("eth0").from(IcmpOther, 3).from(Dhcp, 1), tap("vnet3").from(IcmpOther, 3).from(Dhcp, 1)),
        row("guest's ARP for its gateway leaves the uplink, nobody answers", LostUpstreamOfHost, "upstream",
            uplink("eth0").to(TcpSyn, 12).from(ArpRequest, 6).lookup(GW, 6, 0, 0),
            bridge("br0").to(TcpSyn, 12).from(ArpRequest, 6).lookup(GW, 6, 0, 0),
            tap("vnet3").to(TcpSyn, 12).from(ArpRequest, 6).lookup(GW, 6, 0, 0)),

        // --- inside the host
        row("lost between uplink and bridge", LostInsideHost, "uplink->bridge",
            uplink("eth0").to(TcpSyn, 20), bridge("br0"), tap("vnet3")),
        row("lost between bridge and tap", LostInsideHost, "bridge->tap",
            uplink("eth0").to(TcpSyn, 20), bridge("br0").to(TcpSyn, 20), tap("vnet3")),
        row("lost between uplink and tap, no bridge hop", LostInsideHost, "uplink->tap",
            uplink("eth0").to(TcpSyn, 20).to(ArpRequest, 2), tap("vnet3")),
        row("bridge capture failed: the segment spans it", LostInsideHost, "uplink->tap",
            uplink("eth0").to(TcpSyn, 20), bridge("br0").failure("timeout"), tap("vnet3")),
        row("lost between bridge and tap, an nftables bridge drop naming the tap counted it", LostInsideHost,
            "bridge->tap", uplink("eth0").to(TcpSyn, 20), bridge("br0").to(TcpSyn, 20),
            tap("vnet3").rule("bridge", "vndfault", "to_vm", 2, "oifname vnet3 drop", "drop", 20L,
                "the rule names vnet3")),
        row("lost between bridge and tap, a bridge drop without a counter", LostInsideHost, "bridge->tap",
            uplink("eth0").to(TcpSyn, 20), bridge("br0").to(TcpSyn, 20)
                .rule("bridge", "filter", "forward", 7, "ether type ip drop", "drop", null, "bridge-family chain"),
            tap("vnet3")),
        row("replies lost on egress, the uplink's qdisc dropped", LostOnEgress, "bridge->uplink",
            uplink("eth0").to(TcpSyn, 20).qdisc("tbf", "1:", 20), bridge("br0").to(TcpSyn, 20).from(TcpSynAck, 20),
            tap("vnet3").to(TcpSyn, 20).from(TcpSynAck, 20)),
        row("healthy, an accept rule counted the VM's traffic", PathHealthy, "none",
            uplink("eth0").to(TcpSyn, 20).from(TcpSynAck, 20), bridge("br0").to(TcpSyn, 20).from(TcpSynAck, 20)
                .rule("bridge", "filter", "forward", 3, "ether type ip accept", "accept", 40L, "bridge-family chain"),
            tap("vnet3").to(TcpSyn, 20).from(TcpSynAck, 20)),
        row("SYNs filtered at the tap port while ARP passes", LostInsideHost, "bridge->tap",
            uplink("eth0").to(TcpSyn, 20).to(ArpRequest, 2).from(ArpReply, 2),
            bridge("br0").to(TcpSyn, 20).to(ArpRequest, 2).from(ArpReply, 2),
            tap("vnet3").to(ArpRequest, 2).from(ArpReply, 2)),
        row("ARP replies for the guest lost before the tap", LostInsideHost, "uplink->bridge",
            uplink("eth0").to(TcpSyn, 10).to(ArpReply, 4).from(ArpRequest, 4),
            bridge("br0").to(TcpSyn, 10).from(ArpRequest, 4),
            tap("vnet3").to(TcpSyn, 10).from(ArpRequest, 4)),

        // --- the guest
        row("guest silent", GuestNotResponding, "guest",
            uplink("eth0").to(TcpSyn, 10), bridge("br0").to(TcpSyn, 10), tap("vnet3").to(TcpSyn, 10)),
        row("guest silent, its own capture empty: still the guest", GuestNotResponding, "guest",
            uplink("eth0").to(TcpSyn, 10), tap("vnet3").to(TcpSyn, 10), guest("eth0")),
        row("guest answers ARP but not TCP", GuestNotResponding, "guest",
            uplink("eth0").to(TcpSyn, 10).to(ArpRequest, 2).from(ArpReply, 2),
            tap("vnet3").to(TcpSyn, 10).to(ArpRequest, 2).from(ArpReply, 2)),
        row("the guest answers the node's probes but not a client's SYNs", GuestNotResponding, "guest",
            uplink("eth0").to(TcpSyn, 5), bridge("br0").to(TcpSyn, 8).to(IcmpEchoRequest, 3)
                .fromToNode(TcpSynAck, 3).fromToNode(IcmpEchoReply, 3),
            tap("vnet3").to(TcpSyn, 8).to(IcmpEchoRequest, 3).fromToNode(TcpSynAck, 3).fromToNode(IcmpEchoReply, 3)),
        row("guest answers pings but not TCP", GuestNotResponding, "guest",
            uplink("eth0").to(TcpSyn, 10).to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4),
            tap("vnet3").to(TcpSyn, 10).to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4)),

        // --- on the way out
        row("answers lost between tap and bridge", LostOnEgress, "tap->bridge",
            uplink("eth0").to(TcpSyn, 10), bridge("br0").to(TcpSyn, 10), tap("vnet3").to(TcpSyn, 10).from(TcpSynAck, 10)),
        row("answers lost between bridge and uplink", LostOnEgress, "bridge->uplink",
            uplink("eth0").to(TcpSyn, 10), bridge("br0").to(TcpSyn, 10).from(TcpSynAck, 10),
            tap("vnet3").to(TcpSyn, 10).from(TcpSynAck, 10)),
        row("answers lost between tap and uplink, no bridge hop", LostOnEgress, "tap->uplink",
            uplink("eth0").to(IcmpEchoRequest, 8), tap("vnet3").to(IcmpEchoRequest, 8).from(IcmpEchoReply, 8)),
        row("established flow: data in, ACKs stuck at the tap", LostOnEgress, "tap->bridge",
            uplink("eth0").to(TcpOther, 50), bridge("br0").to(TcpOther, 50), tap("vnet3").to(TcpOther, 50).from(TcpOther, 40)),
        row("guest answered from its ARP cache; the answers, not the lost ARP replies, are the loss",
            LostOnEgress, "tap->bridge",
            uplink("eth0").to(TcpSyn, 10).to(ArpReply, 4).from(ArpRequest, 4),
            bridge("br0").to(TcpSyn, 10).from(ArpRequest, 4),
            tap("vnet3").to(TcpSyn, 10).from(TcpSynAck, 10).from(ArpRequest, 4)),
        row("a client's answers lost between tap and bridge while the node's probe answers pass", LostOnEgress,
            "tap->bridge", uplink("eth0").to(TcpSyn, 10), bridge("br0").to(TcpSyn, 13).fromToNode(TcpSynAck, 3),
            tap("vnet3").to(TcpSyn, 13).from(TcpSynAck, 10).fromToNode(TcpSynAck, 3)),
        row("guest sends answers its tap never sees", LostOnEgress, "guest->tap",
            uplink("eth0").to(TcpSyn, 10), tap("vnet3").to(TcpSyn, 10),
            guest("eth0").to(TcpSyn, 10).from(TcpSynAck, 10)),
        row("guest's ARP requests never leave the node", LostOnEgress, "tap->bridge",
            uplink("eth0").to(TcpSyn, 10), bridge("br0").to(TcpSyn, 10),
            tap("vnet3").to(TcpSyn, 10).from(ArpRequest, 5).lookup(GW, 5, 0, 0)),

        // --- IPv6 works alike: neighbour discovery plays ARP's part
        row("IPv6 seed: SYNs and neighbour advertisements reach the tap, the guest only solicits",
            GuestNotProcessingReceive, "guest", SeedCase6.uplink(), SeedCase6.bridge(), SeedCase6.tap()),
        row("guest only solicits while the tap hands it solicitations for its address", GuestNotProcessingReceive, "guest",
            uplink("eth0").to(IcmpEchoRequest, 10).to(NeighborSolicitation, 3).from(NeighborSolicitation, 5),
            tap("vnet3").to(IcmpEchoRequest, 10).to(NeighborSolicitation, 3).from(NeighborSolicitation, 5)),
        row("dual stack: handed ARP replies, the guest asks by ARP and ND again", GuestNotProcessingReceive, "guest",
            uplink("eth0").to(TcpSyn, 10).to(ArpReply, 2).from(ArpRequest, 3).from(NeighborSolicitation, 3)
                .lookup(GW, 3, 2, 1).lookup(GW6, 3, 0, 0),
            tap("vnet3").to(TcpSyn, 10).to(ArpReply, 2).from(ArpRequest, 3).from(NeighborSolicitation, 3)
                .lookup(GW, 3, 2, 1).lookup(GW6, 3, 0, 0)),
        row("guest's solicitations leave the uplink, nobody answers", LostUpstreamOfHost, "upstream",
            uplink("eth0").to(TcpSyn, 12).from(NeighborSolicitation, 6).lookup(GW6, 6, 0, 0),
            bridge("br0").to(TcpSyn, 12).from(NeighborSolicitation, 6).lookup(GW6, 6, 0, 0),
            tap("vnet3").to(TcpSyn, 12).from(NeighborSolicitation, 6).lookup(GW6, 6, 0, 0)),
        row("guest's solicitations never leave the node", LostOnEgress, "tap->bridge",
            uplink("eth0").to(TcpSyn, 10), bridge("br0").to(TcpSyn, 10),
            tap("vnet3").to(TcpSyn, 10).from(NeighborSolicitation, 5).lookup(GW6, 5, 0, 0)),
        row("neighbour advertisements for the guest lost before the tap", LostInsideHost, "uplink->bridge",
            uplink("eth0").to(TcpSyn, 10).to(NeighborAdvertisement, 4).from(NeighborSolicitation, 4),
            bridge("br0").to(TcpSyn, 10).from(NeighborSolicitation, 4),
            tap("vnet3").to(TcpSyn, 10).from(NeighborSolicitation, 4)),
        row("only ND asked and answered", PathHealthy, "none",
            uplink("eth0").to(NeighborSolicitation, 3).from(NeighborAdvertisement, 3),
            tap("vnet3").to(NeighborSolicitation, 3).from(NeighborAdvertisement, 3)),

        // --- established connections: data and FINs answer too
        row("established flow: data both ways", PathHealthy, "none",
            uplink("eth0").to(TcpData, 50).from(TcpData, 40), bridge("br0").to(TcpData, 50).from(TcpData, 40),
            tap("vnet3").to(TcpData, 50).from(TcpData, 40)),
        row("data in, the guest closes with FIN", PathHealthy, "none",
            uplink("eth0").to(TcpData, 5).from(TcpFin, 1), tap("vnet3").to(TcpData, 5).from(TcpFin, 1)),
        row("guest answers pings but never acknowledges TCP data (as when data counted as TcpOther)",
            GuestNotResponding, "guest",
            uplink("eth0").to(TcpData, 10).to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4),
            tap("vnet3").to(TcpData, 10).to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4)),
        row("guest answers pings but not the peer's FINs", GuestNotResponding, "guest",
            uplink("eth0").to(TcpFin, 3).to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4),
            tap("vnet3").to(TcpFin, 3).to(IcmpEchoRequest, 4).from(IcmpEchoReply, 4)),
        row("established flow: data in, data replies stuck at the tap", LostOnEgress, "tap->bridge",
            uplink("eth0").to(TcpData, 50), bridge("br0").to(TcpData, 50), tap("vnet3").to(TcpData, 50).from(TcpData, 40)),

        // --- VLANs: the uplink sees the VM's traffic only tagged, the tap nothing
        row("uplink sees the VM's packets only on VLAN 701, the tap nothing", LostInsideHost, "uplink->bridge",
            uplink("eth0").to(TcpSyn, 20).vlan(701, 20), bridge("br0"), tap("vnet3")),

        // --- a path without an uplink: the bridge is the way in
        row("host-only bridge, answered", PathHealthy, "none",
            bridge("br0").to(IcmpEchoRequest, 3).from(IcmpEchoReply, 3),
            tap("vnet3").to(IcmpEchoRequest, 3).from(IcmpEchoReply, 3)),
        row("host-only bridge: answers to the node's MAC, the VM's gateway, lost before it", LostOnEgress, "tap->bridge",
            bridge("br0").to(IcmpEchoRequest, 3), tap("vnet3").to(IcmpEchoRequest, 3).fromToNode(IcmpEchoReply, 3)),
        row("host-only bridge, lost before the tap", LostInsideHost, "bridge->tap",
            bridge("br0").to(IcmpEchoRequest, 3), tap("vnet3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void decidesLikeANetworkEngineer(String scenario, VerdictReason reason, String location, List<HopObservation> hops) {
    Verdict verdict = engine.decide(HopBuilder.pathOf(hops), hops);

    assertThat(verdict.getReason()).as(verdict.getSummary()).isEqualTo(reason);
    assertThat(verdict.getLocation()).as(verdict.getSummary()).isEqualTo(location);
    // One sentence a person reads: no second sentence, no line break, a full stop at the end.
    assertThat(verdict.getSummary()).endsWith(".").doesNotContain("\n").doesNotContainPattern("\\.\\s+[A-Z]");
    assertThat(verdict.getEvidence()).isNotEmpty().hasSizeLessThanOrEqualTo(EvidenceWriter.MAX_LINES);
    // Every hop that reported gets a count line, in path order.
    assertThat(verdict.getEvidence().subList(0, hops.size()))
        .allSatisfy(line -> assertThat(line).matches("(uplink|bridge|tap|guest) \\S+: .*"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void leavesTheObservationsUntouched(String scenario, VerdictReason reason, String location, List<HopObservation> hops) {
    String before = describe(hops);
    engine.decide(HopBuilder.pathOf(hops), hops);
    assertThat(describe(hops)).isEqualTo(before);
  }

  @org.junit.jupiter.api.Test
  void plannedUplinkWithoutReportIsIncomplete() {
    List<HopObservation> hops = List.of(SeedCase.bridge().build(), SeedCase.tap().build());
    ResolvedPath path = HopBuilder.pathOf(hops);
    path.getHops().add(0, new Hop(HopRole.Uplink, "eth0"));

    Verdict verdict = engine.decide(path, hops);

    assertThat(verdict.getReason()).isEqualTo(CaptureIncomplete);
    assertThat(verdict.getSummary()).contains("uplink");
  }

  @org.junit.jupiter.api.Test
  void aDropRuleWhoseCounterGrewIsNamedAsTheCause() {
    List<HopObservation> hops = List.of(uplink("eth0").to(TcpSyn, 20).build(), bridge("br0").to(TcpSyn, 20)
            .rule("bridge", "filter", "forward", 7, "ether type ip drop", "drop", null, "bridge-family chain").build(),
        tap("vnet3").rule("bridge", "vndfault", "to_vm", 2, "oifname \"vnet3\" drop", "drop", 20L,
            "the rule names vnet3").build());

    Verdict verdict = engine.decide(HopBuilder.pathOf(hops), hops);

    assertThat(verdict.getReason()).isEqualTo(LostInsideHost);
    assertThat(verdict.getSummary()).endsWith("; the kernel names the cause: nftables table bridge vndfault, chain to_vm"
        + " (hook forward), handle 2: `oifname \"vnet3\" drop` dropped 20 packets at tap vnet3 during the window.");
    assertThat(verdict.getEvidence()).contains(
        "nftables table bridge vndfault, chain to_vm (hook forward), handle 2: `oifname \"vnet3\" drop` dropped"
            + " 20 packets (1200 bytes) during the window at tap vnet3 (the rule names vnet3)",
        "nftables table bridge filter, chain forward (hook forward), handle 7: `ether type ip drop` drops and has no"
            + " counter: whether it dropped the VM's packets cannot be told at bridge br0 (bridge-family chain)");
  }

  @org.junit.jupiter.api.Test
  void aQdiscThatDroppedIsQuotedAndNamedWhenNoRuleIs() {
    List<HopObservation> hops = List.of(uplink("eth0").to(TcpSyn, 20).build(), bridge("br0").to(TcpSyn, 20).build(),
        tap("vnet3").qdisc("pfifo", "7:", 20).build());

    Verdict verdict = engine.decide(HopBuilder.pathOf(hops), hops);

    assertThat(verdict.getReason()).isEqualTo(LostInsideHost);
    assertThat(verdict.getSummary())
        .endsWith("; the kernel counted drops: qdisc pfifo 7: (parent root) on tap vnet3 dropped 20 packets during the window.");
    assertThat(verdict.getEvidence()).contains("qdisc pfifo 7: (parent root) on tap vnet3 dropped 20 packets during the window");

    List<HopObservation> withRule = List.of(uplink("eth0").to(TcpSyn, 20).qdisc("fq_codel", "0:", 2).build(),
        bridge("br0").to(TcpSyn, 20).build(),
        tap("vnet3").rule("bridge", "vndfault", "to_vm", 2, "oifname vnet3 drop", "drop", 20L, "the rule names vnet3").build());
    Verdict named = engine.decide(HopBuilder.pathOf(withRule), withRule);
    assertThat(named.getSummary()).contains("the kernel names the cause: nftables").doesNotContain("qdisc");
    assertThat(named.getEvidence()).contains("qdisc fq_codel 0: (parent root) on uplink eth0 dropped 2 packets during the"
        + " window, counting every packet through the device, not only the VM's");
  }

  private static Arguments row(String scenario, VerdictReason reason, String location, HopBuilder... hops) {
    return arguments(scenario, reason, location, Arrays.stream(hops).map(HopBuilder::build).toList());
  }

  private static String describe(List<HopObservation> hops) {
    StringBuilder s = new StringBuilder();
    for (HopObservation h : hops) {
      s.append(h.getRole()).append(h.getInterfaceName()).append(EvidenceWriter.countLine(h))
          .append(h.getSamples()).append(h.getFailure()).append(h.getCapture().getDroppedByKernel());
    }
    return s.toString();
  }
}
