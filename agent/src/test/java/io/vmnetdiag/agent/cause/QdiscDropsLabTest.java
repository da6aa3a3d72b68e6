package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.VethLab;
import io.vmnetdiag.testkit.LabTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** rtnetlink for real (root): a namespace of its own, a pfifo of limit 0 dropping everything on its loopback, pings through it. */
@LabTest(tools = {"ip", "tc", "ping"})
class QdiscDropsLabTest {
  @Test
  void readsTheQdiscDropCountersThroughRtnetlinkInTheHopsNamespace() throws Exception {
    VethLab.requireRoot();
    String ns = "vndqd" + UUID.randomUUID().toString().substring(0, 6);
    run("ip", "netns", "add", ns);
    try {
      run("ip", "-n", ns, "link", "set", "lo", "up");
      run("tc", "-n", ns, "qdisc", "add", "dev", "lo", "root", "handle", "7:", "pfifo", "limit", "0");
      Hop lo = new Hop(HopRole.Tap, "lo");
      lo.setNetworkNamespace("/var/run/netns/" + ns);
      HopObservation observed = new HopObservation(HopRole.Tap, "lo");

      QdiscDrops.Window window = QdiscDrops.rtnetlink().start(List.of(lo));
      new ProcessBuilder("ip", "netns", "exec", ns, "ping", "-c", "3", "-i", "0.2", "-W", "1", "127.0.0.1")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      window.end(List.of(observed));

      assertThat(observed.getQdiscDrops()).singleElement().satisfies(qdisc -> {
        assertThat(List.of(qdisc.getKind(), qdisc.getHandle(), qdisc.getParent())).containsExactly("pfifo", "7:", "root");
        assertThat(qdisc.getDrops()).isGreaterThanOrEqualTo(3);
      });
    } finally {
      run("ip", "netns", "del", ns);
    }
  }

  private static void run(String... command) throws Exception {
    int rc = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .start().waitFor();
    assertThat(rc).as(String.join(" ", command)).isZero();
  }
}
