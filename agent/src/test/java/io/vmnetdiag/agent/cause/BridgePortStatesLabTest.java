package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.BridgePortState;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.VethLab;
import io.vmnetdiag.testkit.LabTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** rtnetlink for real (root): a bridge with two veth ports in a namespace of its own, one of them set disabled,
 * then forwarding again. */
@LabTest(tools = {"ip", "bridge"})
class BridgePortStatesLabTest {
  @Test
  void readsEachPortsStpStateThroughRtnetlinkInTheHopsNamespace() throws Exception {
    VethLab.requireRoot();
    String ns = "vndbp" + UUID.randomUUID().toString().substring(0, 6);
    run("ip", "netns", "add", ns);
    try {
      run("ip", "-n", ns, "link", "add", "br0", "type", "bridge");
      for (String port : List.of("up0", "tap0")) {
        // a veth pair with both ends up: a port without carrier would be disabled by the bridge itself
        run("ip", "-n", ns, "link", "add", port, "type", "veth", "peer", "name", port + "p");
        run("ip", "-n", ns, "link", "set", port + "p", "up");
        run("ip", "-n", ns, "link", "set", port, "master", "br0", "up");
      }
      run("ip", "-n", ns, "link", "set", "br0", "up");
      // the carrier's event reaches the bridge later (linkwatch) and would enable a port disabled before it
      for (String port : List.of("up0", "tap0")) {
        awaitUpAndForwarding(ns, port);
      }
      run("ip", "netns", "exec", ns, "bridge", "link", "set", "dev", "tap0", "state", "0");

      List<Hop> read = hops(ns);
      BridgePortStates.rtnetlink().read(read);

      assertThat(read).extracting(Hop::getPortState)
          .containsExactly(BridgePortState.Forwarding, null, BridgePortState.Disabled);

      // without STP the bridge makes every enabled port forwarding again (blocking does not hold): only disabled sticks
      run("ip", "netns", "exec", ns, "bridge", "link", "set", "dev", "tap0", "state", "3");
      List<Hop> again = hops(ns);
      BridgePortStates.rtnetlink().read(again);

      assertThat(again.get(2).getPortState()).isEqualTo(BridgePortState.Forwarding);
    } finally {
      run("ip", "netns", "del", ns);
    }
  }

  private static List<Hop> hops(String ns) {
    List<Hop> hops = List.of(new Hop(HopRole.Uplink, "up0"), new Hop(HopRole.Bridge, "br0"),
        new Hop(HopRole.Tap, "tap0"));
    hops.forEach(hop -> hop.setNetworkNamespace("/var/run/netns/" + ns));
    return hops;
  }

  private static void awaitUpAndForwarding(String ns, String port) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!(output("ip", "-n", ns, "-o", "link", "show", "dev", port).contains(" state UP ")
        && output("ip", "netns", "exec", ns, "bridge", "link", "show", "dev", port).contains(" state forwarding "))) {
      assertThat(System.nanoTime()).as(port + " up and forwarding within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String output(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  private static void run(String... command) throws Exception {
    int rc = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .start().waitFor();
    assertThat(rc).as(String.join(" ", command)).isZero();
  }
}
