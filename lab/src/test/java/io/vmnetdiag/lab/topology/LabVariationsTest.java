package io.vmnetdiag.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.testkit.LabTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The lab's variations for real (root only): the seed's shape, a noisy guest, a busy load, every fault, the node's probes. */
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "socat", "trafgen", "sysctl"})
class LabVariationsTest {

  @Test
  void seedShapeHasTheOriginalsNamesAndAddressesInsideTheNodesNamespace() throws Exception {
    try (var timed = LabTimes.timed(LabVariationsTest.class, () -> LabTopology.up(LabShape.SEED))) {
      LabTopology lab = timed.lab();
      assertThat(lab.shape()).isEqualTo(LabShape.SEED);
      assertThat(List.of(lab.uplink(), lab.bridge(), lab.tap())).containsExactly("vlan.700", "eth0.700", "021f00");
      assertThat(lab.guestMac()).isEqualTo("00:16:3e:02:1f:00");
      assertThat(lab.prefixLength()).isEqualTo(22);
      assertThat(lab.guestAddress()).endsWith(".251");
      assertThat(lab.gatewayAddress()).endsWith(".247");
      assertThat(third(lab.gatewayAddress())).isNotEqualTo(third(lab.guestAddress()));
      assertThat(lab.clientAddresses()).hasSize(8).doesNotHaveDuplicates()
          .allSatisfy(c -> assertThat(slash22(c)).isEqualTo(slash22(lab.guestAddress())));
      assertThat(lab.clientAddresses().stream().map(LabVariationsTest::third).distinct()).hasSize(4);
      assertThat(slash22(lab.gatewayAddress())).isEqualTo(slash22(lab.guestAddress()));
      assertThat(lab.hostNamespace()).isEqualTo("vnd-" + lab.id() + "-host");
      assertThat(run("ip", "-n", lab.hostNamespace(), "-o", "link", "show", "master", lab.bridge()))
          .contains("vlan.700@", "021f00@");
      // The gateway in another /24 of the /22 is on-link for the guest.
      assertThat(run("ip", "netns", "exec", lab.guestNamespace(), "ping", "-n", "-c", "1", "-W", "2",
          lab.gatewayAddress())).contains("1 received");
      // The other scripts follow the recorded shape; asking for another one is refused, the lab left alone.
      assertThatThrownBy(() -> LabTopology.up(lab.id(), LabShape.DEFAULT))
          .isInstanceOf(LabScriptException.class).hasMessageContaining("was built with shape seed")
          .satisfies(e -> assertThat(((LabScriptException) e).exitCode()).isEqualTo(LabTopology.REFUSED));
      assertThat(run("ip", "netns", "list")).as("the refusal left the lab alone").contains(lab.hostNamespace());
      assertThatThrownBy(() -> LabScripts.locate().run("lab-up.sh", List.of(lab.id()), Map.of("LAB_SHAPE", "odd")))
          .isInstanceOf(LabScriptException.class).hasMessageContaining("unknown lab shape 'odd'");
      assertThat(LabTopology.up(lab.id(), LabShape.SEED).toString()).isEqualTo(lab.toString());
    }
  }

  @Test
  void noisyGuestSendsIpv6DhcpNtpAndGratuitousArpAndStopQuietsIt() throws Exception {
    try (var timed = LabTimes.timed(LabVariationsTest.class, () -> LabTopology.up())) {
      LabTopology lab = timed.lab();
      String guest = lab.guestAddress();
      // Each chatter kind comes every 2 s (lab-traffic.sh): 10 s holds several rounds even on a loaded machine.
      try (TcpdumpCapture tap = TcpdumpCapture.start(lab.hostNamespace(), lab.tap(), Duration.ofSeconds(10))) {
        lab.startTraffic(LabTraffic.normal().withNoisyGuest().lasting(Duration.ofSeconds(60)));
        List<TcpdumpLine> lines = tap.awaitLines();
        assertThat(lines).as("router solicitation").anyMatch(l -> l.has("ICMP6, router solicitation"));
        assertThat(lines).as("MLD report").anyMatch(l -> l.has("ICMP6, multicast listener report"));
        assertThat(lines).as("DAD").anyMatch(l -> l.has(": :: > ff02::1:ff") && l.has("ICMP6, neighbor solicitation"));
        assertThat(lines).as("DHCP-like broadcast").anyMatch(l -> l.has(guest + ".68 > 255.255.255.255.67: "));
        assertThat(lines).as("NTP-like to the gateway").anyMatch(l -> l.has(guest + ".123 > " + lab.gatewayAddress() + ".123: "));
        assertThat(lines).as("gratuitous ARP").anyMatch(l -> l.isGratuitousArp(lab.guestMac(), guest));
        assertThat(lines).as("all of it from the guest's MAC").filteredOn(l -> l.has("ICMP6"))
            .allMatch(l -> l.isFromMac(lab.guestMac()));
      }
      lab.stopTraffic();
      assertThat(run("ip", "netns", "exec", lab.guestNamespace(), "sysctl", "-n", "net.ipv6.conf.all.disable_ipv6",
          "net.ipv6.conf." + lab.guestDevice() + ".disable_ipv6")).isEqualTo("1\n1\n");
    }
  }

  @Test
  void busyLoadSendsHundredsOfSynsFromEveryClientAndGuestListenersAnswerWithData() throws Exception {
    try (var timed = LabTimes.timed(LabVariationsTest.class, () -> LabTopology.up(LabShape.SEED))) {
      LabTopology lab = timed.lab();
      String guest = lab.guestAddress();
      lab.startTraffic(LabTraffic.normal().withBusyLoad().withGuestServices().lasting(Duration.ofSeconds(60)));
      List<TcpdumpLine> lines = capture(lab.hostNamespace(), lab.uplink(), 3);
      List<String> synSources = lines.stream().map(l -> l.synSourceTo(guest)).filter(Objects::nonNull).toList();
      report("busy: %d SYNs in 3 s from %d clients", synSources.size(), Set.copyOf(synSources).size());
      assertThat(synSources).hasSizeGreaterThanOrEqualTo(150);
      assertThat(Set.copyOf(synSources)).containsExactlyInAnyOrderElementsOf(lab.clientAddresses());
      assertThat(lines.stream().map(TcpdumpLine::text).collect(Collectors.joining("\n")))
          .contains("." + 22 + ": Flags [S]", "." + 80 + ": Flags [S]", "." + 443 + ": Flags [S]");
      assertThat(lines).as("SYN-ACKs").anyMatch(l -> l.isSynAckFrom(guest));
      assertThat(lines).as("the listeners' banners").anyMatch(l -> l.isTcpDataFrom(guest));
      // (Resets happen too: a listener that has sent its banner and closed resets the client's late line.)
    }
  }

  @Test
  void eachFaultDropsWhereItSaysAndHealRemovesThemAll() throws Exception {
    try (var timed = LabTimes.timed(LabVariationsTest.class, () -> LabTopology.up())) {
      LabTopology lab = timed.lab();
      String guest = lab.guestAddress();
      lab.startTraffic(LabTraffic.normal().lasting(Duration.ofSeconds(120)));

      Hops bridgeDrop = faulty(lab, LabFault.BRIDGE_DROP);
      assertThat(bridgeDrop.uplink()).as("SYNs at the uplink").anyMatch(l -> l.isSynTo(guest));
      assertThat(bridgeDrop.tap()).as("nothing for the VM at the tap")
          .noneMatch(l -> l.isSynTo(guest) || l.isEchoRequestTo(guest) || l.isToMac(lab.guestMac()));

      Hops egressDrop = faulty(lab, LabFault.EGRESS_DROP);
      assertThat(egressDrop.tap()).as("the guest resets at the tap").anyMatch(l -> l.isRstFrom(guest));
      assertThat(egressDrop.uplink()).as("no IP from the guest at the uplink")
          .noneMatch(l -> l.isTcpFrom(guest) || l.isIcmpFrom(guest));
      assertThat(egressDrop.uplink()).as("SYNs at the uplink").anyMatch(l -> l.isSynTo(guest));

      Hops upstreamDrop = faulty(lab, LabFault.UPSTREAM_DROP);
      assertThat(upstreamDrop.uplink()).as("nothing for the VM at the uplink").noneMatch(l -> l.isToMac(lab.guestMac()))
          .noneMatch(l -> l.isSynTo(guest) || l.has("Request who-has " + guest + " "));
      assertThat(upstreamDrop.uplink()).as("the guest's own packets still leave").anyMatch(l -> l.isFromMac(lab.guestMac()));

      Hops firewall = faulty(lab, LabFault.GUEST_FIREWALL);
      assertThat(firewall.tap()).as("SYNs at the tap").anyMatch(l -> l.isSynTo(guest));
      assertThat(firewall.tap()).as("no TCP from the guest").noneMatch(l -> l.isTcpFrom(guest));
      assertThat(firewall.tap()).as("pings answered").anyMatch(l -> l.isEchoReplyFrom(guest));

      lab.inject(LabFault.BRIDGE_DROP);
      lab.inject(LabFault.UPSTREAM_DROP);
      lab.inject(LabFault.UPSTREAM_DROP); // idempotent
      lab.heal();
      Thread.sleep(1000);
      List<TcpdumpLine> healed = capture(lab.hostNamespace(), lab.uplink(), 3);
      assertThat(healed).as("resets leave the uplink again").anyMatch(l -> l.isRstFrom(guest));
      assertThat(healed).as("ping replies leave the uplink again").anyMatch(l -> l.isEchoReplyFrom(guest));
      for (String ns : List.of(lab.upstreamNamespace(), lab.hostNamespace(), lab.guestNamespace())) {
        assertThat(run("ip", "netns", "exec", ns, "nft", "list", "tables")).doesNotContain("vndfault");
      }
    }
  }

  @Test
  void nodeProbesLikeTheAgentsWithoutAndWithAnAddressOnTheBridgeAreAnsweredAtTheTap() throws Exception {
    try (var timed = LabTimes.timed(LabVariationsTest.class, () -> LabTopology.up())) {
      LabTopology lab = timed.lab();
      String guest = lab.guestAddress();
      String toVm = "(" + lab.guestMac() + ")";
      List<TcpdumpLine> addressless;
      try (TcpdumpCapture tap = TcpdumpCapture.start(lab.hostNamespace(), lab.tap(), Duration.ofSeconds(3))) {
        lab.probeFromNodeWithoutAddress(3);
        addressless = tap.awaitLines();
      }
      assertThat(run("ip", "-n", lab.hostNamespace(), "-4", "addr", "show", "dev", lab.bridge())).doesNotContain("inet ");
      assertThat(addressless.stream().filter(l -> l.has("Request who-has " + guest + " " + toVm + " tell 0.0.0.0,")))
          .hasSize(3).allMatch(l -> l.isToMac(lab.guestMac()));
      assertThat(addressless.stream().filter(l -> l.isFromMac(lab.guestMac()) && l.has("Reply " + guest + " is-at")))
          .hasSize(3);

      List<TcpdumpLine> lines;
      List<TcpdumpLine> uplinkLines;
      try (TcpdumpCapture tap = TcpdumpCapture.start(lab.hostNamespace(), lab.tap(), Duration.ofSeconds(4));
           TcpdumpCapture uplink = TcpdumpCapture.start(lab.hostNamespace(), lab.uplink(), Duration.ofSeconds(4))) {
        lab.probeFromNode(3);
        lines = tap.awaitLines();
        uplinkLines = uplink.awaitLines();
      }
      assertThat(run("ip", "-n", lab.hostNamespace(), "-4", "addr", "show", "dev", lab.bridge()))
          .contains(lab.bridgeAddress() + "/" + lab.prefixLength());
      assertThat(lines.stream().filter(l -> l.isEchoRequestTo(guest))).hasSize(3)
          .allMatch(l -> l.has(lab.bridgeAddress() + " > ") && l.isToMac(lab.guestMac()));
      assertThat(lines.stream().filter(l -> l.has(guest + " > " + lab.bridgeAddress() + ": ICMP echo reply"))).hasSize(3);
      assertThat(lines.stream().filter(l -> l.isSynTo(guest))).hasSize(3);
      assertThat(lines.stream().filter(l -> l.isRstFrom(guest))).as("no listener: resets").hasSize(3);
      assertThat(lines.stream().filter(l -> l.has("Request who-has " + guest + " " + toVm + " tell " + lab.bridgeAddress())))
          .hasSize(3).allMatch(l -> l.isToMac(lab.guestMac()));
      assertThat(uplinkLines).as("unicast probes stay off the uplink once the bridge knows the VM's MAC")
          .noneMatch(l -> l.isEchoRequestTo(guest) || l.isSynTo(guest));

      List<TcpdumpLine> stack;
      try (TcpdumpCapture tap = TcpdumpCapture.start(lab.hostNamespace(), lab.tap(), Duration.ofSeconds(5))) {
        lab.probeFromNodeStack(3);
        stack = tap.awaitLines();
      }
      assertThat(stack.stream().filter(l -> l.has(lab.bridgeAddress() + " > " + guest + ": ICMP echo request"))).hasSize(3);
      assertThat(stack.stream().filter(l -> l.has(guest + " > " + lab.bridgeAddress() + ": ICMP echo reply"))).hasSize(3);
      assertThat(stack).as("arping's broadcast who-has")
          .anyMatch(l -> l.has("Request who-has " + guest + " (ff:ff:ff:ff:ff:ff) tell " + lab.bridgeAddress()));
      assertThat(stack).as("nothing else from outside").noneMatch(l -> l.isSynTo(guest));
    }
  }

  private record Hops(List<TcpdumpLine> uplink, List<TcpdumpLine> tap) {
  }

  /** Injects the fault, lets it settle, captures uplink and tap at once for 3 s, then heals. */
  private static Hops faulty(LabTopology lab, LabFault fault) throws Exception {
    lab.inject(fault);
    lab.inject(fault); // idempotent
    try {
      Thread.sleep(1000);
      try (TcpdumpCapture uplink = TcpdumpCapture.start(lab.hostNamespace(), lab.uplink(), Duration.ofSeconds(3));
           TcpdumpCapture tap = TcpdumpCapture.start(lab.hostNamespace(), lab.tap(), Duration.ofSeconds(3))) {
        return new Hops(uplink.awaitLines(), tap.awaitLines());
      }
    } finally {
      lab.heal();
      Thread.sleep(500);
    }
  }

  private static List<TcpdumpLine> capture(String namespace, String device, int seconds) throws Exception {
    try (TcpdumpCapture capture = TcpdumpCapture.start(namespace, device, Duration.ofSeconds(seconds))) {
      return capture.awaitLines();
    }
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static String third(String ip) {
    return ip.split("\\.")[2];
  }

  private static String slash22(String ip) {
    String[] o = ip.split("\\.");
    return o[0] + "." + o[1] + "." + (Integer.parseInt(o[2]) & ~3);
  }

  private static void report(String format, Object... args) {
    System.out.println("[lab] " + String.format(format, args));
  }
}
