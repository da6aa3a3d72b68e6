package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.BridgePortState;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.KernelDropsState;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.cli.DiagnosisResult;
import io.vmnetdiag.lab.topology.GuestCommand;
import io.vmnetdiag.lab.topology.LabFault;
import io.vmnetdiag.lab.topology.LabShape;
import io.vmnetdiag.lab.topology.LabTimes;
import io.vmnetdiag.lab.topology.LabTraffic;
import io.vmnetdiag.lab.topology.LabVm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on the real VM (root only; one lab and one VM boot for the class): a qemu guest under the lab's own
 * libvirtd, the clients' traffic flowing, and each fault diagnosed end to end through the operator (the lab kubelet
 * runs the agent in the node's namespace, which reads the domain through that libvirtd) and through
 * {@code vmnetdiag diagnose} run the same way. The faults inside the guest come from the guest's own kernel
 * (nftables through the guest agent).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RealVmScenarioTest
class RealVmDiagnosisTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static LabScenario lab;
  private static LabVm vm;
  private static Path workDir;
  /** The tap's root qdisc before the qdisc fault replaced it. */
  private static String tapQdisc;

  @BeforeAll
  static void bootTheVm() throws IOException {
    lab = LabTimes.up(RealVmDiagnosisTest.class, () -> LabScenario.withRealVm(LabShape.DEFAULT, LabTraffic.normal()),
        up -> String.format("real VM %d ms: define to ping %d ms; domain %s, tap %s, %s", up.vm().upTime().toMillis(),
            up.vm().defineToPing().toMillis(), up.vm().domain(), up.vm().tap(), up.vm().libvirtUri()));
    vm = lab.vm();
    workDir = Files.createTempDirectory("vmnetdiag-realvm");
  }

  @AfterAll
  static void tearDown() throws IOException {
    LabTimes.down(RealVmDiagnosisTest.class, lab,
        down -> "VM " + (vm.downTime() == null ? -1 : vm.downTime().toMillis()) + " ms");
    if (workDir != null) {
      try (var files = Files.walk(workDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A fault on the real VM, injected once for its operator test and the CLI twin that follows it: the operator test
   * leaves it in place, the twin heals it. Either test run alone injects it itself.
   */
  private record Fault(String name, Runnable inject, Runnable heal) {
  }

  private static final Fault SEED = new Fault("seed", () -> vm.injectGuestReceiveFault(), () -> vm.healGuest());
  private static final Fault GUEST_FIREWALL = new Fault("guest firewall",
      () -> vm.injectGuestFirewall(lab.topology().vmPorts()), () -> vm.healGuest());
  private static final Fault GUEST_NIC_DOWN = new Fault("guest NIC down", () -> vm.setGuestInterfaceDown(),
      () -> vm.healGuest());
  private static final Fault TAP_DETACHED = new Fault("tap detached", () -> vm.setTapAttached(false),
      () -> vm.setTapAttached(true));
  private static final Fault BRIDGE_DROP = new Fault("bridge drop", () -> lab.topology().inject(LabFault.BRIDGE_DROP),
      () -> lab.topology().heal());
  private static final Fault EGRESS_DROP = new Fault("egress drop", () -> lab.topology().inject(LabFault.EGRESS_DROP),
      () -> lab.topology().heal());
  // libvirt gives the tap a root qdisc of its own (noqueue): replaced by a pfifo of limit 0, put back afterwards
  private static final Fault QDISC_DROP = new Fault("qdisc drop", () -> {
    tapQdisc = tc("qdisc", "show", "dev", vm.tap(), "root");
    tc("qdisc", "replace", "dev", vm.tap(), "root", "handle", "7:", "pfifo", "limit", "0");
  }, () -> {
    if (tapQdisc.contains("qdisc noqueue")) {
      tc("qdisc", "replace", "dev", vm.tap(), "root", "handle", "0:", "noqueue");
    } else {
      tc("qdisc", "del", "dev", vm.tap(), "root");
    }
  });
  private static final Fault HOST_LINK_DOWN = new Fault("host link down", () -> vm.setHostLink(false),
      () -> vm.setHostLink(true));
  private static final Fault TAP_PORT_DISABLED = new Fault("tap port disabled",
      () -> lab.topology().inject(LabFault.TAP_PORT_DISABLED), () -> lab.topology().heal());
  // The busy load's heal stops the clients rather than restarting the normal traffic: the idle VM comes next, and a
  // client's connection still closing in its window makes it look not idle. The idle VM's heal starts them again.
  private static final Fault BUSY = new Fault("busy", () -> restartTraffic(LabTraffic.normal().withBusyLoad()),
      () -> lab.topology().stopTraffic());
  private static final Fault IDLE = new Fault("idle", () -> {
    lab.topology().stopTraffic();
    lab.topology().giveBridgeAnAddress();
  }, () -> lab.topology().startTraffic(LabTraffic.normal()));

  private static Fault active;
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Test
  @Order(1)
  void theSeedInsideTheGuestIsFoundAtTheGuestByTheOperator() {
    ensure(SEED);
    long rxBefore = guestRxPackets();

    NetworkDiagnosis done = diagnose("realvm-seed");

    var status = done.getStatus();
    assertThat(status.getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(status.getVerdict().getLocation()).isEqualTo("guest");
    assertThat(status.getPath().getHops()).extracting("interfaceName")
        .containsExactly(lab.topology().uplink(), lab.topology().bridge(), vm.tap());
    assertThat(status.getPath().getVmMac()).isEqualToIgnoringCase(vm.mac());
    assertThat(String.join("\n", status.getVerdict().getEvidence())).as(lab.asYaml(done))
        .contains("ARP, Request who-has " + vm.gatewayAddress() + " tell " + vm.address());
    HopObservation tap = hop(done, HopRole.Tap);
    assertThat(tap.getToVm().getArpReply()).isPositive();
    assertThat(tap.getFromVm().getArpRequest()).isPositive();
    assertThat(tap.getFromVm().replies()).isZero();
    // Unlike a wedged driver, the ingress hook drops after the NIC counted the frame: the guest's rx counter rises.
    assertThat(guestRxPackets()).isGreaterThan(rxBefore);
    // The guest agent's view, read at both ends of the window through libvirt's read-write socket, says so too.
    GuestView guest = status.getPath().getGuest();
    assertThat(guest).as(lab.asYaml(done)).isNotNull();
    assertThat(guest.getSource()).as(lab.asYaml(done)).isEqualTo(GuestView.GUEST_AGENT);
    GuestInterface eth0 = guest.byMac(vm.mac()).orElseThrow();
    assertThat(eth0.getName()).isEqualTo("eth0");
    assertThat(eth0.getAddresses()).anyMatch(address -> address.startsWith(vm.address() + "/"));
    assertThat(eth0.delta().getRxPackets()).isPositive();
    assertThat(status.getVerdict().getSummary()).contains("its own eth0 counted").contains("die above it");
  }

  @Test
  @Order(2)
  void theSeedInsideTheGuestIsFoundAtTheGuestByTheCli() throws Exception {
    CliRun run = cliWith(SEED, "6s");
    System.out.println(run.stderr() + run.stdout());

    assertFaultLocated(run, "GuestNotProcessingReceive", "guest", "tap", "guest");
    assertThat(run.stdout()).contains("| " + vm.tap());
    // the guest agent's own view of eth0: up, counting what the tap hands it
    assertThat(run.stdout()).contains("guest     eth0 " + vm.mac().toLowerCase(Locale.ROOT) + " up, addresses "
        + vm.address() + "/").containsPattern("during the window: rx \\+[1-9]\\d* packets");
    // the README shows this run: its command line and its picture's shape are this run's
    ReadmeCliPicture.assertSameRun(cliArguments("6s"), run.stdout());
  }

  @Test
  @Order(3)
  void theHealedGuestAnswersAndThePathIsHealthyForTheOperator() {
    healActive();

    NetworkDiagnosis done = diagnose("realvm-healthy");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("none");
    assertThat(hop(done, HopRole.Tap).getFromVm().replies()).isPositive();
  }

  @Test
  @Order(4)
  void theHealedGuestAnswersAndThePathIsHealthyForTheCliThroughTheReadOnlySocket() throws Exception {
    healActive();

    // With the address given the agent needs no guest-agent call: libvirtd's read-only socket is enough.
    CliRun run = cli(List.of(vm.domain(), "--connect", vm.libvirtReadOnlyUri(), "--address", vm.address(),
        "--duration", "4s"));

    assertHealthy(run, "PathHealthy");
    assertThat(run.stdout()).as(run.toString()).contains("guest     no view from inside: ");
  }

  @Test
  @Order(5)
  void aGuestFirewallDroppingTheProbedPortsIsGuestNotResponding() {
    ensure(GUEST_FIREWALL);

    NetworkDiagnosis done = diagnose("realvm-firewall", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.GuestNotResponding);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("guest");
    HopObservation tap = hop(done, HopRole.Tap);
    assertThat(tap.getToVm().getTcpSyn()).isPositive();
    assertThat(tap.getFromVm().getTcpSynAck()).isZero();
    assertThat(tap.getFromVm().getIcmpEchoReply()).as("ping still works").isPositive();
  }

  @Test
  @Order(6)
  void aGuestFirewallDroppingTheProbedPortsIsGuestNotRespondingForTheCli() throws Exception {
    CliRun run = cliWith(GUEST_FIREWALL, "4s");

    assertFaultLocated(run, "GuestNotResponding", "guest", "tap", "guest");
    assertThat(run.stdout()).contains("guest     eth0 " + vm.mac().toLowerCase(Locale.ROOT) + " up, addresses ");
  }

  /**
   * The guest's NIC administratively down inside the guest: what reaches the tap is never taken in. From the node
   * this looks like the seed (nothing answered, ARP for its own address ignored); the guest agent's view of eth0
   * (its counters frozen both ways, no IPv6 link-local address) tells the two apart.
   */
  @Test
  @Order(7)
  void theGuestInterfaceDownInsideTheGuestIsFoundAtTheGuest() {
    ensure(GUEST_NIC_DOWN);

    NetworkDiagnosis done = diagnose("realvm-guest-link-down", "4s");

    // The guest agent tells it from the seed: eth0 counted nothing in or out and lost its link-local address.
    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done))
        .isEqualTo(VerdictReason.GuestInterfaceDown);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("guest");
    assertThat(done.getStatus().getVerdict().getSummary()).contains("eth0 is down inside the guest");
    assertThat(hop(done, HopRole.Tap).getFromVm().replies()).isZero();
    assertThat(done.getStatus().getPath().getLinkState()).isNotEqualTo("down");
    GuestInterface eth0 = done.getStatus().getPath().getGuest().byMac(vm.mac()).orElseThrow();
    assertThat(eth0.delta().getRxPackets()).isZero();
    assertThat(eth0.getUp()).isNull();
  }

  @Test
  @Order(8)
  void theGuestInterfaceDownInsideTheGuestIsFoundAtTheGuestByTheCli() throws Exception {
    CliRun run = cliWith(GUEST_NIC_DOWN, "4s");

    assertFaultLocated(run, "GuestInterfaceDown", "guest", "tap", "guest");
    assertThat(run.stdout()).as(run.toString())
        .contains("guest     eth0 " + vm.mac().toLowerCase(Locale.ROOT) + " not shown up")
        .contains("during the window: rx +0 packets").contains("tx +0 packets");
  }

  @Test
  @Order(10)
  void theTapDetachedFromTheBridgeIsLostInsideTheHost() {
    ensure(TAP_DETACHED);

    NetworkDiagnosis done = diagnose("realvm-tap-detached", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("bridge->tap");
  }

  @Test
  @Order(11)
  void theTapDetachedFromTheBridgeIsLostInsideTheHostForTheCli() throws Exception {
    CliRun run = cliWith(TAP_DETACHED, "4s");

    assertFaultLocated(run, "LostInsideHost", "bridge->tap", "bridge", "tap");
  }

  @Test
  @Order(12)
  void aBridgeDropBetweenUplinkAndTapIsLostInsideTheHost() {
    ensure(BRIDGE_DROP);

    NetworkDiagnosis done = diagnose("realvm-bridge-drop", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("bridge->tap");
    assertThat(hop(done, HopRole.Uplink).getToVm().getTcpSyn()).isPositive();
    assertThat(hop(done, HopRole.Tap).getToVm().getTcpSyn()).isZero();
    // the kernel names the cause: the fault's nftables rule (lab-fault.sh writes it with a counter), read through
    // libnftables' JSON API before and after the window and tied to the tap it names
    String tap = hop(done, HopRole.Tap).getInterfaceName();
    assertThat(hop(done, HopRole.Tap).getFirewallRules()).as(lab.asYaml(done)).anySatisfy(rule -> {
      assertThat(List.of(rule.getFamily(), rule.getTable(), rule.getChain(), rule.getHook(), rule.getRule(),
          rule.getVerdict())).containsExactly("bridge", "vndfault", "to_vm", "forward", "oifname " + tap + " drop", "drop");
      assertThat(rule.getHandle()).isPositive();
      assertThat(rule.getPackets()).isPositive();
    });
    assertThat(done.getStatus().getVerdict().getSummary()).as(lab.asYaml(done))
        .contains("; the kernel names the cause: nftables table bridge vndfault, chain to_vm (hook forward), handle ");
    assertThat(done.getStatus().getVerdict().getEvidence()).as(lab.asYaml(done)).anyMatch(line ->
        line.matches("nftables table bridge vndfault, chain to_vm \\(hook forward\\), handle \\d+: `oifname "
            + tap + " drop` dropped \\d+ packets \\(\\d+ bytes\\) during the window at tap " + tap
            + " \\(the rule names " + tap + "\\)"));
    System.out.printf("[RealVmDiagnosisTest] bridge drop: %s%n  %s%n", done.getStatus().getVerdict().getSummary(),
        String.join("\n  ", done.getStatus().getVerdict().getEvidence()));
  }

  @Test
  @Order(13)
  void aBridgeDropBetweenUplinkAndTapIsLostInsideTheHostForTheCliWithItsRuleNamed() throws Exception {
    CliRun run = cliWith(BRIDGE_DROP, "4s");

    assertFaultLocated(run, "LostInsideHost", "bridge->tap", "bridge", "tap");
    assertThat(run.stdout()).as(run.toString()).containsPattern("(?m)^cause     nftables table bridge vndfault, chain"
        + " to_vm \\(hook forward\\), handle \\d+: `oifname " + vm.tap() + " drop` dropped [1-9]\\d* packets"
        + " \\(\\d+ bytes\\) at tap " + vm.tap() + "$");
  }

  @Test
  @Order(14)
  void anEgressDropOnTheHostIsLostOnEgress() {
    ensure(EGRESS_DROP);

    NetworkDiagnosis done = diagnose("realvm-egress-drop", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.LostOnEgress);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("bridge->uplink");
    assertThat(hop(done, HopRole.Tap).getFromVm().getTcpSynAck()).isPositive();
    assertThat(hop(done, HopRole.Uplink).getFromVm().getTcpSynAck()).isZero();
    String tap = hop(done, HopRole.Tap).getInterfaceName();
    assertThat(done.getStatus().getVerdict().getSummary()).as(lab.asYaml(done))
        .contains("; the kernel names the cause: nftables table bridge vndfault, chain from_vm (hook forward), handle ")
        .contains("`iifname " + tap + " ether type { ip, ip6 } drop` dropped ");
    System.out.printf("[RealVmDiagnosisTest] egress drop: %s%n  %s%n", done.getStatus().getVerdict().getSummary(),
        String.join("\n  ", done.getStatus().getVerdict().getEvidence()));
  }

  @Test
  @Order(15)
  void anEgressDropOnTheHostIsLostOnEgressForTheCliWithItsRuleNamed() throws Exception {
    CliRun run = cliWith(EGRESS_DROP, "4s");

    // bridge->uplink: the replies stop between the bridge and the uplink
    assertFaultLocated(run, "LostOnEgress", "bridge->uplink", "uplink", "bridge");
    assertThat(run.stdout()).as(run.toString()).containsPattern("(?m)^cause     nftables table bridge vndfault, chain"
        + " from_vm \\(hook forward\\), handle \\d+: `iifname " + vm.tap() + " ether type \\{ ip, ip6 \\} drop`"
        + " dropped [1-9]\\d* packets");
  }

  /** A qdisc on the tap that drops everything (pfifo of limit 0): the kernel's qdisc drop counter names it. */
  @Test
  @Order(16)
  void aQdiscDroppingOnTheTapIsNamedByItsDropCounter() {
    ensure(QDISC_DROP);

    NetworkDiagnosis done = diagnose("realvm-qdisc-drop", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("bridge->tap");
    assertThat(hop(done, HopRole.Tap).getQdiscDrops()).as(lab.asYaml(done)).anySatisfy(qdisc -> {
      assertThat(List.of(qdisc.getKind(), qdisc.getHandle(), qdisc.getParent())).containsExactly("pfifo", "7:", "root");
      assertThat(qdisc.getDrops()).isPositive();
    });
    assertThat(done.getStatus().getVerdict().getSummary()).as(lab.asYaml(done))
        .contains("; the kernel counted drops: qdisc pfifo 7: (parent root) on tap " + vm.tap() + " dropped ");
    System.out.printf("[RealVmDiagnosisTest] qdisc drop: %s%n  %s%n", done.getStatus().getVerdict().getSummary(),
        String.join("\n  ", done.getStatus().getVerdict().getEvidence()));
  }

  @Test
  @Order(17)
  void aQdiscDroppingOnTheTapIsNamedByItsDropCounterForTheCli() throws Exception {
    CliRun run = cliWith(QDISC_DROP, "4s");

    assertFaultLocated(run, "LostInsideHost", "bridge->tap", "bridge", "tap");
    assertThat(run.stdout()).as(run.toString())
        .containsPattern("(?m)^cause     qdisc pfifo 7: \\(parent root\\) dropped [1-9]\\d* packets at tap " + vm.tap() + "$");
  }

  /**
   * {@code virsh domif-setlink DOMAIN TAP down}: libvirt's live XML says {@code <link state='down'/>}, QEMU passes no
   * frame either way, and the tap stays UP on the node: it is handed the clients' frames and nothing comes back.
   */
  @Test
  @Order(40)
  void theHostSideLinkDownIsHostLinkDownBetweenTapAndGuestForTheOperator() throws Exception {
    ensure(HOST_LINK_DOWN);
    NetworkDiagnosis done = diagnose("realvm-host-link-down", "4s");

    var verdict = done.getStatus().getVerdict();
    assertThat(verdict.getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.HostLinkDown);
    assertThat(verdict.getLocation()).isEqualTo("tap->guest");
    assertThat(done.getStatus().getPath().getLinkState()).isEqualTo("down");
    // a tap's operstate reads "unknown"; its flags say it is up with a carrier
    assertThat(node("ip", "-o", "link", "show", "dev", vm.tap())).as("the tap stays up").containsPattern("<[^>]*\\bUP\\b")
        .contains("LOWER_UP");
    HopObservation tap = hop(done, HopRole.Tap);
    assertThat(tap.getToVm().total()).as(lab.asYaml(done)).isPositive();
    assertThat(tap.getFromVm().total()).as(lab.asYaml(done)).isZero();
    assertThat(verdict.getSummary()).as(lab.asYaml(done))
        .startsWith("libvirt holds the link of the VM's NIC down (<link state='down'/>): tap " + vm.tap()
            + ", still up on the node, was handed ")
        .contains("and nothing came from the VM")
        .endsWith("(virsh domif-setlink " + vm.domain() + " " + vm.tap() + " up).");
    assertThat(verdict.getEvidence()).as(lab.asYaml(done))
        .anyMatch(line -> line.startsWith("libvirt holds the link of the VM's NIC behind tap " + vm.tap() + " down"));
    // the guest agent, asked through libvirt, still shows eth0 up: the guest lost its carrier, not its interface
    GuestInterface eth0 = done.getStatus().getPath().getGuest().byMac(vm.mac()).orElseThrow();
    assertThat(eth0.getUp()).as(lab.asYaml(done)).isTrue();
    assertThat(verdict.getSummary()).contains("while the guest's own agent shows eth0 up");
    System.out.printf("[RealVmDiagnosisTest] host link down: %s%n  %s%n", verdict.getSummary(),
        String.join("\n  ", verdict.getEvidence()));
  }

  @Test
  @Order(41)
  void theHostSideLinkDownIsHostLinkDownBetweenTapAndGuestForTheCli() throws Exception {
    CliRun run = cliWith(HOST_LINK_DOWN, "4s");
    System.out.println(run.stdout());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).as(run.toString()).contains("verdict   HostLinkDown (fault located)")
        .contains("location  tap->guest").contains("^ packets stop here (tap->guest)")
        .contains("summary   libvirt holds the link of the VM's NIC down (<link state='down'/>): tap " + vm.tap());
    assertThat(run.stdout().lines().filter(l -> l.contains("| tap")).findFirst().orElseThrow())
        .matches(".*\\| tap +\\|--X--\\| guest +\\|");
    // the guest's box says why: libvirt's link state
    assertThat(run.stdout().lines().filter(l -> l.contains("| link down")).findFirst()).as(run.toString()).isPresent();
  }

  /**
   * The VM's tap port on the lab bridge set disabled ({@code bridge link set dev TAP state 0}): the bridge forwards
   * nothing to it, the tap stays up. The agent reads each port's STP state through rtnetlink and names it.
   */
  @Test
  @Order(42)
  void aTapPortThatForwardsNothingIsLostInsideTheHostWithItsPortStateForTheOperator() throws Exception {
    ensure(TAP_PORT_DISABLED);
    NetworkDiagnosis done = diagnose("realvm-port-disabled", "4s");

    var verdict = done.getStatus().getVerdict();
    assertThat(verdict.getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.LostInsideHost);
    assertThat(verdict.getLocation()).isEqualTo("bridge->tap");
    assertThat(done.getStatus().getPath().getHops()).as(lab.asYaml(done))
        .extracting(Hop::getRole, Hop::getPortState).containsExactly(
            tuple(HopRole.Uplink, BridgePortState.Forwarding), tuple(HopRole.Bridge, null),
            tuple(HopRole.Tap, BridgePortState.Disabled));
    assertThat(hop(done, HopRole.Uplink).getToVm().total()).isPositive();
    assertThat(verdict.getSummary()).as(lab.asYaml(done)).endsWith("; the kernel names the cause: bridge port tap "
        + vm.tap() + " of " + vm.bridge() + " is in state disabled, so the bridge forwards no frame to or from it.");
    assertThat(verdict.getEvidence()).as(lab.asYaml(done)).contains("bridge port tap " + vm.tap() + " of "
        + vm.bridge() + ": state disabled (not forwarding: the bridge passes no frame to or from it)");
    System.out.printf("[RealVmDiagnosisTest] tap port disabled: %s%n  %s%n", verdict.getSummary(),
        String.join("\n  ", verdict.getEvidence()));
  }

  @Test
  @Order(43)
  void aTapPortThatForwardsNothingIsLostInsideTheHostWithItsPortStateForTheCli() throws Exception {
    CliRun run = cliWith(TAP_PORT_DISABLED, "4s");
    System.out.println(run.stdout());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).as(run.toString()).contains("verdict   LostInsideHost (fault located)")
        .contains("location  bridge->tap").contains("^ packets stop here (bridge->tap)")
        .contains("the kernel names the cause: bridge port tap " + vm.tap() + " of " + vm.bridge()
            + " is in state disabled");
    assertThat(run.stdout().lines().filter(l -> l.contains("| bridge")).findFirst().orElseThrow())
        .matches(".*\\| bridge +\\|--X--\\| tap +\\|.*");
    // the tap's box says why: its port state under its counts
    assertThat(run.stdout().lines().filter(l -> l.contains("| port disabled")).findFirst()).as(run.toString())
        .isPresent();
    assertThat(node("bridge", "link", "show", "dev", vm.tap())).as("healed").contains(" state forwarding ");
  }

  /**
   * The kernel's own drop reason for the bridge fault, counted where the agent may trace: {@code vmnetdiag diagnose}
   * runs as the host's root, so its agent reads skb:kfree_skb in a tracefs instance of its own. NETFILTER_DROP is
   * tied to the tap because the fault's nftables drop rule, tied to the tap, counted.
   */
  @Test
  @Order(60)
  void theKernelsDropReasonForTheBridgeDropIsNetfilterDropTiedToTheTapForTheCli() throws Exception {
    ensure(BRIDGE_DROP);
    try {
      // the clients' traffic is what the rule drops; the node's probes are not the point here
      DiagnosisResult result = cliJson("--probes", "Never");

      assertThat(result.verdict().getReason()).isEqualTo(VerdictReason.LostInsideHost);
      KernelDrops drops = result.kernelDrops();
      assertThat(drops.getState()).as(drops.getMessage()).isEqualTo(KernelDropsState.Counted);
      HopObservation tap = hop(result.hops(), HopRole.Tap);
      long ruleDropped = tap.getFirewallRules().stream().filter(rule -> "to_vm".equals(rule.getChain()))
          .mapToLong(rule -> rule.getPackets() == null ? 0 : rule.getPackets()).sum();
      assertThat(tap.getDropReasons()).singleElement().satisfies(count -> {
        assertThat(count.getReason()).isEqualTo("NETFILTER_DROP");
        assertThat(count.getFunction()).isNotBlank();
        // node-wide: at least the rule's own drops of IPv4/ARP/IPv6 frames (other labs on this node may add more)
        assertThat(count.getCount()).isPositive().isGreaterThanOrEqualTo(ruleDropped);
        assertThat(count.getAttribution()).contains("table bridge vndfault chain to_vm");
      });
      assertThat(List.of(hop(result.hops(), HopRole.Uplink), hop(result.hops(), HopRole.Bridge)))
          .allSatisfy(hop -> assertThat(hop.getDropReasons()).isEmpty());
      assertThat(result.verdict().getEvidence()).anyMatch(line ->
          line.matches("the kernel dropped \\d+ packets with reason NETFILTER_DROP in \\S+ during the window"
              + " \\(node-wide\\), tied to tap " + tap.getInterfaceName() + ": nftables drop rule table bridge"
              + " vndfault chain to_vm .*"));
      // a loss on the node always keeps a line for what the node dropped besides
      if (!drops.getUnattributed().isEmpty()) {
        assertThat(result.verdict().getEvidence()).last().asString()
            .startsWith("node-wide kernel drop reasons not attributed to the VM's path: "
                + drops.getUnattributed().get(0).getReason() + " in " + drops.getUnattributed().get(0).getFunction());
      }
      System.out.printf("[RealVmDiagnosisTest] drop reasons (bridge drop): %d events, %d lost; tap %s; node-wide %s; %s%n",
          drops.getEvents(), drops.getLost(), tap.getDropReasons(), drops.getUnattributed(), drops.getMessage());
    } finally {
      healActive();
    }
  }

  /** The healthy VM: whatever the node drops (other labs, sockets), none of it is tied to the VM's path. */
  @Test
  @Order(61)
  void aHealthyVmHasNoDropReasonTiedToItsPathForTheCli() throws Exception {
    healActive();

    DiagnosisResult result = cliJson();

    assertThat(result.verdict().getReason()).isEqualTo(VerdictReason.PathHealthy);
    assertThat(result.kernelDrops().getState()).as(result.kernelDrops().getMessage()).isEqualTo(KernelDropsState.Counted);
    assertThat(result.hops()).allSatisfy(hop -> assertThat(hop.getDropReasons()).isEmpty());
    System.out.printf("[RealVmDiagnosisTest] drop reasons (healthy): %d events, %d lost; node-wide %s; %s%n",
        result.kernelDrops().getEvents(), result.kernelDrops().getLost(), result.kernelDrops().getUnattributed(),
        result.kernelDrops().getMessage());
  }

  /**
   * The operator's capture pod holds NET_RAW and NET_ADMIN alone (the lab kubelet grants no more): no tracefs, no
   * CAP_SYS_ADMIN to mount one, so the status says the drop reasons are not available, and why, and the verdict
   * stands without them.
   */
  @Test
  @Order(62)
  void theOperatorsCapturePodSaysWhyItCannotCountDropReasons() {
    healActive();

    NetworkDiagnosis done = diagnose("realvm-drop-reason-pod", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    KernelDrops drops = done.getStatus().getKernelDrops();
    assertThat(drops.getState()).as(lab.asYaml(done)).isEqualTo(KernelDropsState.NotAvailable);
    assertThat(drops.getMessage()).contains("CAP_SYS_ADMIN");
  }

  /** A busy load (every client every 0.1 s) on the healthy VM: a few hundred SYNs, all answered. */
  @Test
  @Order(80)
  void aBusyHealthyVmIsPathHealthy() {
    ensure(BUSY);

    NetworkDiagnosis done = diagnose("realvm-busy", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    assertThat(hop(done, HopRole.Uplink).getToVm().getTcpSyn()).isGreaterThan(50);
  }

  @Test
  @Order(81)
  void aBusyHealthyVmIsPathHealthyForTheCli() throws Exception {
    CliRun run = cliWith(BUSY, "4s");

    assertHealthy(run, "PathHealthy");
  }

  /**
   * The VM nobody talks to, with only its own chatter (DHCP discovers, IPv6): the agent probes it from the bridge's
   * address (Auto) and the VM answers: the node's part works, the upstream part is untested.
   */
  @Test
  @Order(82)
  void anIdleVmIsProbedAndUpstreamUntested() {
    ensure(IDLE);

    NetworkDiagnosis done = diagnose("realvm-idle", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.UpstreamUntested);
    assertThat(done.getStatus().getProbes().isSent()).as(lab.asYaml(done)).isTrue();
  }

  @Test
  @Order(83)
  void anIdleVmIsProbedAndUpstreamUntestedForTheCli() throws Exception {
    CliRun run = cliWith(IDLE, "4s");

    assertHealthy(run, "UpstreamUntested");
    assertThat(run.stdout()).as(run.toString()).contains("probes    sent: ");
  }

  @Test
  @Order(90)
  void withoutAnAddressTheGuestAgentGivesItAndTheStatusSaysWhereItCameFrom() {
    healActive();
    NetworkDiagnosis nd = lab.defaultDiagnosis("realvm-agent-address");
    nd.getSpec().getTarget().getLibvirt().setAddress(null);

    NetworkDiagnosis done = lab.diagnose(nd, TIMEOUT);

    var path = done.getStatus().getPath();
    assertThat(path.getAddressSource()).as(lab.asYaml(done)).isEqualTo(AddressSource.GuestAgent);
    assertThat(path.getVmAddress()).isEqualTo(vm.address());
    assertThat(path.getGuest().getSource()).isEqualTo("GuestAgent");
    // Whatever traffic the earlier tests left (the idle VM's is none), the address found is the one that is used.
    assertThat(done.getStatus().getVerdict().getReason().isConclusive()).as(lab.asYaml(done)).isTrue();
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("none");
  }

  /** Last: it stops the guest agent, which the other tests' faults need. */
  @Test
  @Order(91)
  void withoutAGuestAgentTheStatusSaysSoAndTheAddressComesFromElsewhere() throws Exception {
    // Killed from a child it leaves behind, so that guest-exec still answers before the agent goes.
    vm.guestExec("(sleep 1; killall qemu-ga) >/dev/null 2>&1 &", Duration.ofSeconds(10));
    Thread.sleep(2_000);
    NetworkDiagnosis nd = lab.defaultDiagnosis("realvm-no-agent");
    nd.getSpec().getTarget().getLibvirt().setAddress(null);

    NetworkDiagnosis done = lab.diagnose(nd, TIMEOUT);

    var path = done.getStatus().getPath();
    assertThat(path.getGuest().getAbsent()).as(lab.asYaml(done)).isNotBlank();
    assertThat(path.getGuest().getMessage()).isNotBlank();
    assertThat(path.getGuest().getInterfaces()).isEmpty();
    assertThat(path.getAddressSource()).as(lab.asYaml(done)).isIn(AddressSource.NeighbourTable, AddressSource.Observed);
    assertThat(path.getVmAddress()).isEqualTo(vm.address());
  }

  /** {@code vmnetdiag diagnose --json} on the VM with the operator's default window, its result read back. */
  private static DiagnosisResult cliJson(String... extra) throws Exception {
    List<String> args = new ArrayList<>(cliArguments("4s"));
    args.addAll(List.of(extra));
    args.add("--json");
    CliRun run = cli(args);
    assertThat(run.exitCode()).as(run.toString()).isBetween(0, 2);
    return JSON.readValue(run.stdout(), DiagnosisResult.class);
  }

  private static HopObservation hop(List<HopObservation> hops, HopRole role) {
    return hops.stream().filter(h -> h.getRole() == role).findFirst().orElseThrow();
  }

  /** Puts {@code fault} in place unless it is already (its operator test ran just before), healing any other. */
  private static void ensure(Fault fault) {
    if (active == fault) {
      return;
    }
    healActive();
    fault.inject().run();
    active = fault;
  }

  private static void healActive() {
    Fault healing = active;
    active = null;
    if (healing != null) {
      healing.heal().run();
    }
  }

  /** The CLI twin of an operator test: the same fault (injected unless in place), the same window, healed after. */
  private static CliRun cliWith(Fault fault, String window) throws Exception {
    ensure(fault);
    try {
      CliRun run = cli(cliArguments(window));
      System.out.printf("[RealVmDiagnosisTest] CLI on %s: exit %d, %s%n", fault.name(), run.exitCode(),
          run.stdout().lines().filter(line -> line.startsWith("verdict ")).findFirst().orElse("no verdict line"));
      return run;
    } finally {
      healActive();
    }
  }

  /** The operator's default diagnosis as a command line: the domain through the lab's libvirtd, its address given. */
  private static List<String> cliArguments(String window) {
    return List.of(vm.domain(), "--connect", lab.libvirtUri(), "--address", vm.address(), "--duration", window);
  }

  /** Exit 1, the verdict line, and the picture's only break on the link between the boxes {@code from} and {@code to}. */
  private static void assertFaultLocated(CliRun run, String reason, String location, String from, String to) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).as(run.toString()).contains("verdict   " + reason + " (fault located)\n")
        .contains("location  " + location + "\n").contains("^ packets stop here (" + location + ")");
    assertThat(run.stdout().lines().filter(line -> line.contains("--X--"))).as(run.toString()).singleElement()
        .satisfies(links -> assertThat(links).containsOnlyOnce("--X--")
            .matches(".*\\| " + from + " +\\|--X--\\| " + to + " +\\|.*"));
  }

  /** Exit 0, the verdict line, and no break in the picture. */
  private static void assertHealthy(CliRun run, String reason) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).contains("verdict   " + reason + " (healthy)\n")
        .contains("no break: nothing is lost on this node's path").doesNotContain("--X--");
  }

  private static void restartTraffic(LabTraffic traffic) {
    lab.topology().stopTraffic();
    lab.topology().startTraffic(traffic);
  }

  private static String tc(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", vm.hostNamespace(), "tc"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static NetworkDiagnosis diagnose(String name) {
    return diagnose(name, null);
  }

  /** The lab's default diagnosis of the VM, with the given window when not null. */
  private static NetworkDiagnosis diagnose(String name, String window) {
    long start = System.nanoTime();
    NetworkDiagnosis nd = lab.defaultDiagnosis(name);
    if (window != null) {
      nd.getSpec().getCapture().setDuration(window);
    }
    NetworkDiagnosis done = lab.diagnose(nd, TIMEOUT);
    System.out.printf("[RealVmDiagnosisTest] %s: %s at %s in %d ms%n", name,
        done.getStatus().getVerdict() == null ? "no verdict" : done.getStatus().getVerdict().getReason(),
        done.getStatus().getVerdict() == null ? "-" : done.getStatus().getVerdict().getLocation(),
        (System.nanoTime() - start) / 1_000_000);
    assertThat(done.getStatus().getVerdict()).as(lab.asYaml(done)).isNotNull();
    return done;
  }

  private static long guestRxPackets() {
    GuestCommand read = vm.guestExec("cat /sys/class/net/eth0/statistics/rx_packets", Duration.ofSeconds(10));
    assertThat(read.exitCode()).as(read.toString()).isZero();
    return Long.parseLong(read.stdout().trim());
  }

  private static HopObservation hop(NetworkDiagnosis nd, HopRole role) {
    return nd.getStatus().getHops().stream().filter(h -> h.getRole() == role).findFirst().orElseThrow();
  }

  /** {@code vmnetdiag diagnose ARGS} in the lab node's network namespace, timed. */
  private static CliRun cli(List<String> args) throws Exception {
    long start = System.nanoTime();
    CliRun run = CliRun.diagnose(vm.hostNamespace(), workDir, args);
    System.out.printf("[RealVmDiagnosisTest] vmnetdiag diagnose %s: exit %d in %d ms%n", String.join(" ", args),
        run.exitCode(), (System.nanoTime() - start) / 1_000_000);
    return run;
  }

  // Host-side faults on the real VM (libvirt's link state, the bridge's port state), each through the operator
  // and through the CLI. Each starts the clients' traffic afresh: the idle test before stops it.

  /** {@code COMMAND} in the lab node's namespace (where the tap and the bridge live); its output. */
  private static String node(String... command) throws Exception {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", vm.hostNamespace()));
    argv.addAll(List.of(command));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", argv) + ": " + output).isZero();
    return output;
  }
}
