package io.vmnetdiag.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.testkit.LabTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds real labs in network namespaces (root only) and checks the seed's picture on the wire. */
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "socat", "trafgen", "sysctl"})
class LabTopologyTest {

  @Test
  void guestReceiveFaultShowsTheSeedPictureOnTheTapAndHealRestoresReplies() throws Exception {
    String id = LabTopology.randomId();
    long upStart = System.nanoTime();
    try (LabTopology lab = LabTopology.up(id)) {
      report("up %d ms", millisSince(upStart));
      assertThat(namespaces()).contains(lab.upstreamNamespace(), lab.hostNamespace(), lab.guestNamespace());
      String guest = lab.guestAddress();
      lab.startTraffic();

      // Baseline first, so "no replies" below is the fault's doing and not a lab that never answers.
      List<TcpdumpLine> healthy = capture(lab.hostNamespace(), lab.tap(), 3);
      assertThat(healthy).anyMatch(l -> l.isSynTo(guest)).anyMatch(l -> l.isRstFrom(guest))
          .anyMatch(l -> l.isEchoReplyFrom(guest));

      List<TcpdumpLine> faulty;
      double faultInPlace;
      try (TcpdumpCapture capture = TcpdumpCapture.start(lab.hostNamespace(), lab.tap(), Duration.ofSeconds(5))) {
        double injectStart = epochNow();
        lab.injectGuestReceiveFault();
        faultInPlace = epochNow();
        faulty = capture.awaitLines().stream().filter(l -> l.isAfter(faultInPlace)).toList();
        reportArpSettling(lab, faulty, injectStart, faultInPlace);
      }
      assertThat(faulty).as("SYNs to the VM on the tap").anyMatch(l -> l.isSynTo(guest));
      assertThat(faulty).as("guest asks for its gateway")
          .anyMatch(l -> l.isArpRequest(lab.guestMac(), guest, lab.gatewayAddress()));
      assertThat(faulty).as("gateway answers the guest")
          .anyMatch(l -> l.isArpReplyTo(lab.guestMac(), lab.gatewayAddress()));
      assertThat(faulty).as("no TCP from the guest").noneMatch(l -> l.isTcpFrom(guest));
      assertThat(faulty).as("no ICMP from the guest").noneMatch(l -> l.isIcmpFrom(guest));

      lab.heal();
      List<TcpdumpLine> healed = capture(lab.hostNamespace(), lab.uplink(), 4);
      assertThat(healed).as("guest resets the clients' SYNs again").anyMatch(l -> l.isRstFrom(guest));
      assertThat(healed).as("guest answers pings again").anyMatch(l -> l.isEchoReplyFrom(guest));

      long downStart = System.nanoTime();
      lab.close();
      report("down with traffic running %d ms", millisSince(downStart));
    } finally {
      long downStart = System.nanoTime();
      LabScripts.locate().run("lab-down.sh", id); // second down: must be harmless
      report("extra down %d ms", millisSince(downStart));
    }
    assertThat(namespaces()).noneMatch(ns -> ns.startsWith("vnd-" + id + "-"));
  }

  @Test
  void scriptsAreIdempotentAndCloseRemovesEverything(@TempDir Path dir) throws Exception {
    String id = LabTopology.randomId();
    LabTopology lab = LabTopology.up(id);
    try {
      LabTopology again = LabTopology.up(id);
      assertThat(again.toString()).isEqualTo(lab.toString());
      assertThat(lab.bridge()).hasSizeLessThanOrEqualTo(15).contains(id);
      assertThat(lab.guestMac()).matches("52:54:00(:[0-9a-f]{2}){3}");
      assertThat(lab.guestAddress()).startsWith(lab.gatewayAddress().replaceAll("\\.1$", "."));
      assertThat(lab.clientAddresses()).hasSize(3);
      assertThat(lab.vmPorts()).containsExactly(22, 80, 443);
      assertThat(lab.stateDirectory()).isDirectory();

      lab.startTraffic(Duration.ofSeconds(30));
      lab.startTraffic();
      lab.injectGuestReceiveFault();
      lab.injectGuestReceiveFault();
      lab.heal();
      lab.heal();
      lab.stopTraffic();
      lab.stopTraffic();

      Path node = lab.writeLibvirtTestNode(dir.resolve("node.xml"), "vm-" + id);
      String xml = Virsh.dumpxml(node, "vm-" + id);
      assertThat(xml).contains("<target dev='" + lab.tap() + "'/>", "<source bridge='" + lab.bridge() + "'/>",
          "<mac address='" + lab.guestMac() + "'/>");
    } finally {
      long downStart = System.nanoTime();
      lab.close();
      report("down %d ms", millisSince(downStart));
      lab.close();
    }
    assertThat(namespaces()).noneMatch(ns -> ns.startsWith("vnd-" + id + "-"));
    assertThat(lab.stateDirectory()).doesNotExist();
  }

  @Test
  void faultOnALabThatIsNotUpFailsWithTheScriptsMessage() {
    LabScripts scripts = LabScripts.locate();
    assertThatThrownBy(() -> scripts.run("lab-fault.sh", "zz" + LabTopology.randomId().substring(0, 6), "guest-rx-drop"))
        .isInstanceOf(LabScriptException.class)
        .hasMessageContaining("is not up")
        .satisfies(e -> assertThat(((LabScriptException) e).exitCode()).isEqualTo(1));
  }

  private static List<TcpdumpLine> capture(String namespace, String device, int seconds) throws Exception {
    try (TcpdumpCapture capture = TcpdumpCapture.start(namespace, device, Duration.ofSeconds(seconds))) {
      return capture.awaitLines();
    }
  }

  /** How soon after the fault the guest's ARP-only picture is there, and how regular it is. */
  private static void reportArpSettling(LabTopology lab, List<TcpdumpLine> lines, double injectStart, double inPlace) {
    List<Double> requests = lines.stream()
        .filter(l -> l.isArpRequest(lab.guestMac(), lab.guestAddress(), lab.gatewayAddress()))
        .map(TcpdumpLine::epochSeconds).toList();
    List<Double> replies = lines.stream().filter(l -> l.isArpReplyTo(lab.guestMac(), lab.gatewayAddress()))
        .map(TcpdumpLine::epochSeconds).toList();
    report("fault script %d ms; ARP requests %d, replies %d in ~%.1f s; first request %.0f ms, first reply %.0f ms"
            + " after injection",
        Math.round((inPlace - injectStart) * 1000), requests.size(), replies.size(), 5 - (inPlace - injectStart),
        requests.isEmpty() ? -1 : (requests.get(0) - injectStart) * 1000,
        replies.isEmpty() ? -1 : (replies.get(0) - injectStart) * 1000);
  }

  private static List<String> namespaces() throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.lines().map(l -> l.split("\\s+")[0]).toList();
  }

  private static double epochNow() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }

  private static void report(String format, Object... args) {
    System.out.println("[lab] " + String.format(format, args));
  }
}
