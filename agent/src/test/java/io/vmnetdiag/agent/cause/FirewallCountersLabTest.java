package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.VethLab;
import io.vmnetdiag.testkit.LabTest;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** libnftables for real (root): a namespace of its own, an nftables rule with a counter, traffic through it. */
@LabTest(tools = {"ip", "nft", "ping"})
class FirewallCountersLabTest {
  @Test
  void readsTheCountersThroughLibnftablesInTheHopsNamespace() throws Exception {
    VethLab.requireRoot();
    String ns = "vndnft" + UUID.randomUUID().toString().substring(0, 6);
    run("ip", "netns", "add", ns);
    try {
      run("ip", "-n", ns, "link", "set", "lo", "up");
      runWithInput("""
          table inet vndcount {
            chain out {
              type filter hook output priority 0; policy accept;
              oifname "lo" icmp type echo-request counter drop
              oifname "lo" ip daddr 127.0.0.9 drop
            }
          }
          """, "ip", "netns", "exec", ns, "nft", "-f", "-");
      Hop lo = new Hop(HopRole.Uplink, "lo");
      lo.setNetworkNamespace("/var/run/netns/" + ns);
      HopObservation observed = new HopObservation(HopRole.Uplink, "lo");

      FirewallCounters.Window window = FirewallCounters.libnftables().start(List.of(lo));
      runIgnoringExit("ip", "netns", "exec", ns, "ping", "-c", "3", "-i", "0.2", "-W", "1", "127.0.0.1");
      window.end(List.of(observed));

      assertThat(observed.getFirewallRules()).hasSize(2);
      assertThat(observed.getFirewallRules().get(0)).satisfies(rule -> {
        assertThat(List.of(rule.getFamily(), rule.getTable(), rule.getChain(), rule.getHook(), rule.getRule(),
            rule.getVerdict(), rule.getAttribution()))
            .containsExactly("inet", "vndcount", "out", "output", "oifname lo icmp type echo-request drop", "drop",
                "the rule names lo");
        assertThat(rule.getHandle()).isPositive();
        assertThat(rule.getPackets()).isEqualTo(3L);
      });
      assertThat(observed.getFirewallRules().get(1).getRule()).isEqualTo("oifname lo ip daddr 127.0.0.9 drop");
      assertThat(observed.getFirewallRules().get(1).getPackets()).isNull();
    } finally {
      run("ip", "netns", "del", ns);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    int rc = start(null, command);
    assertThat(rc).as(String.join(" ", command)).isZero();
  }

  private static void runWithInput(String input, String... command) throws IOException, InterruptedException {
    int rc = start(input, command);
    assertThat(rc).as(String.join(" ", command)).isZero();
  }

  private static void runIgnoringExit(String... command) throws IOException, InterruptedException {
    start(null, command);
  }

  private static int start(String input, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    try (var stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return process.waitFor();
  }
}
