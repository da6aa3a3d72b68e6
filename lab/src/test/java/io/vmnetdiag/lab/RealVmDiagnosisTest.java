package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.LabFault;
import io.vmnetdiag.lab.topology.LabShape;
import io.vmnetdiag.lab.topology.LabTraffic;
import io.vmnetdiag.lab.topology.LabVm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
class RealVmDiagnosisTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static LabScenario lab;
  private static LabVm vm;
  private static Path workDir;

  @BeforeAll
  static void bootTheVm() throws IOException {
    assertThat(System.getProperty("user.name")).as("the lab builds network namespaces: run the tests as root").isEqualTo("root");
    long start = System.nanoTime();
    lab = LabScenario.withRealVm(LabShape.DEFAULT, LabTraffic.normal());
    vm = lab.vm();
    workDir = Files.createTempDirectory("vmnetdiag-realvm");
    System.out.printf("[RealVmDiagnosisTest] lab and real VM up in %d ms (VM %d ms: define to ping %d ms); domain %s,"
            + " tap %s, %s%n", (System.nanoTime() - start) / 1_000_000, vm.upTime().toMillis(),
        vm.defineToPing().toMillis(), vm.domain(), vm.tap(), vm.libvirtUri());
  }

  @AfterAll
  static void tearDown() throws IOException {
    long start = System.nanoTime();
    if (lab != null) {
      lab.close();
      System.out.printf("[RealVmDiagnosisTest] torn down in %d ms (VM %d ms)%n", (System.nanoTime() - start) / 1_000_000,
          vm.downTime() == null ? -1 : vm.downTime().toMillis());
    }
    if (workDir != null) {
      try (var files = Files.walk(workDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void theSeedInsideTheGuestIsFoundAtTheGuestByTheOperator() {
    vm.injectGuestReceiveFault();
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
    vm.injectGuestReceiveFault();

    CliRun run = cli(List.of(vm.domain(), "--connect", lab.libvirtUri(), "--address", vm.address(), "--duration", "6s"));
    System.out.println(run.stdout());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).contains("verdict   GuestNotProcessingReceive (fault located)").contains("location  guest")
        .contains("| " + vm.tap()).contains("^ packets stop here (guest)");
    assertThat(run.stdout().lines().filter(l -> l.contains("| tap")).findFirst().orElseThrow())
        .matches(".*\\| tap +\\|--X--\\| guest +\\|");
  }

  @Test
  @Order(3)
  void theHealedGuestAnswersAndThePathIsHealthyForTheOperator() {
    vm.healGuest();

    NetworkDiagnosis done = diagnose("realvm-healthy");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("none");
    assertThat(hop(done, HopRole.Tap).getFromVm().replies()).isPositive();
  }

  @Test
  @Order(4)
  void theHealedGuestAnswersAndThePathIsHealthyForTheCliThroughTheReadOnlySocket() throws Exception {
    vm.healGuest();

    // With the address given the agent needs no guest-agent call: libvirtd's read-only socket is enough.
    CliRun run = cli(List.of(vm.domain(), "--connect", vm.libvirtReadOnlyUri(), "--address", vm.address(),
        "--duration", "4s"));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).contains("verdict   PathHealthy");
    assertThat(run.stdout().lines().filter(l -> l.contains("--X--"))).isEmpty();
  }

  @Test
  @Order(5)
  void aGuestFirewallDroppingTheProbedPortsIsGuestNotResponding() {
    vm.injectGuestFirewall(lab.topology().vmPorts());
    try {
      NetworkDiagnosis done = diagnose("realvm-firewall", "4s");

      assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.GuestNotResponding);
      assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("guest");
      HopObservation tap = hop(done, HopRole.Tap);
      assertThat(tap.getToVm().getTcpSyn()).isPositive();
      assertThat(tap.getFromVm().getTcpSynAck()).isZero();
      assertThat(tap.getFromVm().getIcmpEchoReply()).as("ping still works").isPositive();
    } finally {
      vm.healGuest();
    }
  }

  /**
   * The guest's NIC administratively down inside the guest: what reaches the tap is never taken in. From the node
   * this looks like the seed (nothing answered, ARP for its own address ignored); the guest agent's view of eth0
   * (its counters frozen both ways, no IPv6 link-local address) tells the two apart.
   */
  @Test
  @Order(6)
  void theGuestInterfaceDownInsideTheGuestIsFoundAtTheGuest() {
    vm.setGuestInterfaceDown();
    try {
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
    } finally {
      vm.healGuest();
    }
  }

  /** {@code virsh domif-setlink ... down}: the tap stays UP on the node; libvirt's XML says the link is down. */
  @Test
  @Order(7)
  void theHostSideLinkDownIsFoundAtTheGuestWithLibvirtsLinkState() {
    vm.setHostLink(false);
    try {
      NetworkDiagnosis done = diagnose("realvm-host-link-down", "4s");

      assertThat(done.getStatus().getVerdict().getLocation()).as(lab.asYaml(done)).isEqualTo("guest");
      assertThat(done.getStatus().getVerdict().getReason()).isEqualTo(VerdictReason.GuestNotProcessingReceive);
      assertThat(done.getStatus().getPath().getLinkState()).isEqualTo("down");
      assertThat(String.join("\n", done.getStatus().getVerdict().getEvidence()))
          .contains("libvirt holds the link of the VM's NIC behind tap " + vm.tap() + " down");
    } finally {
      vm.setHostLink(true);
    }
  }

  @Test
  @Order(8)
  void theTapDetachedFromTheBridgeIsLostInsideTheHost() {
    vm.setTapAttached(false);
    try {
      NetworkDiagnosis done = diagnose("realvm-tap-detached", "4s");

      assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.LostInsideHost);
      assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("bridge->tap");
    } finally {
      vm.setTapAttached(true);
    }
  }

  @Test
  @Order(9)
  void aBridgeDropBetweenUplinkAndTapIsLostInsideTheHost() {
    lab.topology().inject(LabFault.BRIDGE_DROP);
    try {
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
    } finally {
      lab.topology().heal();
    }
  }

  @Test
  @Order(10)
  void anEgressDropOnTheHostIsLostOnEgress() {
    lab.topology().inject(LabFault.EGRESS_DROP);
    try {
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
    } finally {
      lab.topology().heal();
    }
  }

  /** A qdisc on the tap that drops everything (pfifo of limit 0): the kernel's qdisc drop counter names it. */
  @Test
  @Order(10)
  void aQdiscDroppingOnTheTapIsNamedByItsDropCounter() throws Exception {
    // libvirt gives the tap a root qdisc of its own (noqueue): replaced here, put back afterwards
    String original = tc("qdisc", "show", "dev", vm.tap(), "root");
    tc("qdisc", "replace", "dev", vm.tap(), "root", "handle", "7:", "pfifo", "limit", "0");
    try {
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
    } finally {
      if (original.contains("qdisc noqueue")) {
        tc("qdisc", "replace", "dev", vm.tap(), "root", "handle", "0:", "noqueue");
      } else {
        tc("qdisc", "del", "dev", vm.tap(), "root");
      }
    }
  }

  private static String tc(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", vm.hostNamespace(), "tc"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    return output;
  }

  /** A busy load (every client every 0.1 s) on the healthy VM: a few hundred SYNs, all answered. */
  @Test
  @Order(11)
  void aBusyHealthyVmIsPathHealthy() {
    lab.topology().stopTraffic();
    lab.topology().startTraffic(LabTraffic.normal().withBusyLoad());

    NetworkDiagnosis done = diagnose("realvm-busy", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.PathHealthy);
    assertThat(hop(done, HopRole.Uplink).getToVm().getTcpSyn()).isGreaterThan(50);
  }

  /**
   * The VM nobody talks to, with only its own chatter (DHCP discovers, IPv6): the agent probes it from the bridge's
   * address (Auto) and the VM answers: the node's part works, the upstream part is untested.
   */
  @Test
  @Order(12)
  void anIdleVmIsProbedAndUpstreamUntested() {
    lab.topology().stopTraffic();
    lab.topology().giveBridgeAnAddress();

    NetworkDiagnosis done = diagnose("realvm-idle", "4s");

    assertThat(done.getStatus().getVerdict().getReason()).as(lab.asYaml(done)).isEqualTo(VerdictReason.UpstreamUntested);
    assertThat(done.getStatus().getProbes().isSent()).as(lab.asYaml(done)).isTrue();
  }

  @Test
  @Order(90)
  void withoutAnAddressTheGuestAgentGivesItAndTheStatusSaysWhereItCameFrom() {
    vm.healGuest();
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
    LabVm.GuestCommand read = vm.guestExec("cat /sys/class/net/eth0/statistics/rx_packets", Duration.ofSeconds(10));
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
}
