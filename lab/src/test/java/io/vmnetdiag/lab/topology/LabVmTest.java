package io.vmnetdiag.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.testkit.LabTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.DomainInterface;
import org.libvirt.DomainInterface.InterfaceAddress;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The lab's real VM (root only; fails, never skips, when something is missing): one lab, one boot for the class.
 * The VM answers the upstream through uplink, bridge and tap; libvirt-java sees the domain running on the tap
 * libvirt named; the guest agent answers; the guest keeps its own chatter and listeners.
 */
@LabTest(tools = {"ip", "bridge", "ping", "nc", "qemu-system-x86_64", "libvirtd", "virsh"})
class LabVmTest {
  private static LabTopology lab;
  private static LabVm vm;
  private static long labUpMillis;

  @BeforeAll
  static void bootTheVm() {
    lab = LabTimes.up(LabVmTest.class, () -> {
      long start = System.nanoTime();
      LabTopology topology = LabTopology.up();
      labUpMillis = millisSince(start);
      try {
        vm = LabVm.start(topology);
      } catch (RuntimeException e) {
        topology.close();
        throw e;
      }
      return topology;
    }, up -> String.format("topology %d ms; VM %d ms: image %d ms, libvirtd %d ms, define to ready marker %d ms,"
            + " define to ping %d ms; domain %s, tap %s, %s", labUpMillis, vm.upTime().toMillis(),
        vm.imageTime().toMillis(), vm.daemonsTime().toMillis(), vm.defineToReady().toMillis(),
        vm.defineToPing().toMillis(), vm.domain(), vm.tap(), vm.libvirtUri()));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (lab == null) {
      return;
    }
    AutoCloseable vmAndLab = () -> {
      try {
        if (vm != null) {
          vm.close();
        }
      } finally {
        lab.close();
      }
    };
    LabTimes.down(LabVmTest.class, vmAndLab, down -> "VM " + (vm == null ? -1 : vm.downTime().toMillis()) + " ms");
    assertThat(namespaces()).noneMatch(ns -> ns.startsWith("vnd-" + lab.id() + "-"));
    if (vm != null) {
      assertThat(vm.stateDirectory()).doesNotExist();
      assertThat(processesMentioning(vm.stateDirectory().toString())).as("daemons of the lab left running").isEmpty();
    }
  }

  @Test
  void everyUpstreamClientReachesTheVmThroughUplinkBridgeAndTap() throws Exception {
    String guest = vm.address();
    try (TcpdumpCapture uplink = TcpdumpCapture.start(lab.hostNamespace(), lab.uplink(), Duration.ofSeconds(4));
         TcpdumpCapture tap = TcpdumpCapture.start(vm.hostNamespace(), vm.tap(), Duration.ofSeconds(4))) {
      for (String client : lab.clientAddresses()) {
        assertThat(run("ip", "netns", "exec", lab.upstreamNamespace(), "ping", "-c", "2", "-i", "0.3", "-W", "2", "-I", client, guest))
            .as("ping from %s to the VM", client).isZero();
      }
      List<TcpdumpLine> atUplink = uplink.awaitLines();
      List<TcpdumpLine> atTap = tap.awaitLines();
      assertThat(atTap).as("echo requests handed to the VM's tap").anyMatch(l -> l.isEchoRequestTo(guest));
      assertThat(atTap).as("the VM's replies at its tap").anyMatch(l -> l.isEchoReplyFrom(guest) && l.isFromMac(vm.mac()));
      assertThat(atUplink).as("the VM's replies leave the uplink").anyMatch(l -> l.isEchoReplyFrom(guest));
    }
    assertThat(vm.tap()).as("libvirt's tap replaced the lab's stand-in").isNotEqualTo(lab.tap());
    assertThat(run("ip", "-n", lab.hostNamespace(), "link", "show", "dev", lab.tap())).as("stand-in veth gone").isNotZero();
  }

  @Test
  void theGuestListensOn22And80And443() throws Exception {
    String client = lab.clientAddresses().get(0);
    for (int port : List.of(22, 80, 443)) {
      assertThat(run("ip", "netns", "exec", lab.upstreamNamespace(), "nc", "-z", "-w", "3", "-s", client,
          vm.address(), String.valueOf(port))).as("TCP connect to the VM's port %d", port).isZero();
    }
  }

  @Test
  void libvirtJavaSeesTheDomainRunningOnTheTapLibvirtNamed() throws Exception {
    Connect connect = new Connect(vm.libvirtReadOnlyUri(), true);
    try {
      Domain domain = connect.domainLookupByName(vm.domain());
      assertThat(domain.getInfo().state).isEqualTo(DomainInfo.DomainState.VIR_DOMAIN_RUNNING);
      assertThat(Files.readSymbolicLink(java.nio.file.Path.of("/proc/" + vm.qemuPid() + "/exe")).toString())
          .endsWith("qemu-system-x86_64");
      Element nic = onlyInterface(domain.getXMLDesc(0));
      assertThat(nic.getAttribute("type")).isEqualTo("bridge");
      assertThat(child(nic, "target").getAttribute("dev")).isEqualTo(vm.tap()).startsWith("vnet");
      assertThat(child(nic, "mac").getAttribute("address")).isEqualToIgnoringCase(vm.mac());
      assertThat(child(nic, "source").getAttribute("bridge")).isEqualTo(lab.bridge());
      assertThat(child(nic, "model").getAttribute("type")).isEqualTo("virtio");
      assertThat(run("ip", "-n", vm.hostNamespace(), "link", "show", "dev", vm.tap(), "master", lab.bridge()))
          .as("tap %s enslaved to %s", vm.tap(), lab.bridge()).isZero();
      domain.free();
    } finally {
      connect.close();
    }
  }

  @Test
  void theGuestAgentAnswersPingAndNamesTheGuestsInterfaces() throws Exception {
    // Guest-agent calls need the read-write socket.
    Connect connect = new Connect(vm.libvirtUri());
    try {
      Domain domain = connect.domainLookupByName(vm.domain());
      assertThat(domain.qemuAgentCommand("{\"execute\":\"guest-ping\"}", 10, 0)).contains("\"return\"");
      String interfaces = domain.qemuAgentCommand("{\"execute\":\"guest-network-get-interfaces\"}", 10, 0);
      assertThat(interfaces).contains("\"name\":\"eth0\"", "\"hardware-address\":\"" + vm.mac() + "\"",
          "\"ip-address\":\"" + vm.address() + "\"", "\"rx-packets\"", "\"rx-dropped\"");
      assertThat(interfaces).as("IPv6 is on in the guest: a link-local address").containsPattern("\"ip-address\":\"fe80::");

      List<String> agentAddresses = new ArrayList<>();
      for (DomainInterface nic : domain.interfaceAddresses(
          Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0)) {
        if (vm.mac().equalsIgnoreCase(nic.hwAddr)) {
          for (InterfaceAddress address : nic.addrs) {
            agentAddresses.add(address.address.getHostAddress());
          }
        }
      }
      assertThat(agentAddresses).contains(vm.address());
      domain.free();
    } finally {
      connect.close();
    }
  }

  @Test
  void commandsRunInTheGuestThroughItsAgent() {
    GuestCommand ip = vm.guestExec("ip -4 addr show dev eth0; ip route", Duration.ofSeconds(10));
    assertThat(ip.exitCode()).isZero();
    assertThat(ip.stdout()).contains("inet " + vm.address() + "/", "default via " + vm.gatewayAddress());
    GuestCommand failing = vm.guestExec("echo oops >&2; exit 7", Duration.ofSeconds(10));
    assertThat(failing.exitCode()).isEqualTo(7);
    assertThat(failing.stderr()).isEqualTo("oops\n");
  }

  @Test
  void startingAgainReportsTheRunningVm() {
    LabVm again = LabVm.start(lab);
    assertThat(again.reused()).isTrue();
    assertThat(again.tap()).isEqualTo(vm.tap());
    assertThat(again.libvirtUri()).isEqualTo(vm.libvirtUri());
    assertThat(vm.reused()).isFalse();
  }

  @Test
  void theGuestKeepsItsOwnChatterAndPrintedItsReadyMarker() throws Exception {
    assertThat(Files.readString(vm.serialLog())).contains(vm.readyMarker() + " ip=" + vm.address() + "/")
        .contains("ipv6=on");
    Duration window = vm.chatterInterval().multipliedBy(2).plusSeconds(4);
    List<TcpdumpLine> lines;
    try (TcpdumpCapture tap = TcpdumpCapture.start(vm.hostNamespace(), vm.tap(), window)) {
      lines = tap.awaitLines();
    }
    List<TcpdumpLine> dhcp = lines.stream()
        .filter(l -> l.isFromMac(vm.mac()) && l.text().contains("0.0.0.0.68 > 255.255.255.255.67")
            && l.text().contains("BOOTP/DHCP, Request from " + vm.mac()))
        .toList();
    report("chatter: %d DHCP discovers from the guest in %d s", dhcp.size(), window.toSeconds());
    assertThat(dhcp).as("the guest's periodic DHCP discover at its tap").hasSizeGreaterThanOrEqualTo(2);
  }

  private static Element onlyInterface(String domainXml) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var document = factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(domainXml.getBytes(StandardCharsets.UTF_8)));
    NodeList nics = document.getElementsByTagName("interface");
    assertThat(nics.getLength()).as("interfaces in the domain XML").isEqualTo(1);
    return (Element) nics.item(0);
  }

  private static Element child(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagName(name);
    assertThat(nodes.getLength()).as("<%s> in <interface>", name).isGreaterThanOrEqualTo(1);
    return (Element) nodes.item(0);
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static List<String> namespaces() throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out.lines().map(l -> l.split("\\s+")[0]).toList();
  }

  /** Processes whose command line names {@code text} (the VM's state dir is in the daemons' arguments). */
  private static List<String> processesMentioning(String text) throws Exception {
    List<String> found = new ArrayList<>();
    try (var procs = Files.list(java.nio.file.Path.of("/proc"))) {
      for (var dir : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmdline = Files.readString(dir.resolve("cmdline")).replace('\0', ' ');
          if (cmdline.contains(text)) {
            found.add(dir.getFileName() + " " + cmdline);
          }
        } catch (java.io.IOException gone) {
          // the process ended while listing
        }
      }
    }
    return found;
  }

  private static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }

  private static void report(String format, Object... args) {
    System.out.println("[lab] " + String.format(format, args));
  }
}
