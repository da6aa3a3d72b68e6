package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.KernelDropsState;
import io.vmnetdiag.capture.VethLab;
import io.vmnetdiag.testkit.LabTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * skb:kfree_skb for real (root): a namespace of its own whose nftables input chain drops TCP to port 9, a few
 * connection attempts into it; the kernel's NETFILTER_DROP count is read from the agent's own tracefs instance,
 * which is gone afterwards, as is any tracefs the agent mounted.
 */
@LabTest(tools = {"ip", "nft"})
class KernelDropReasonsLabTest {
  @Test
  void countsTheKernelsNetfilterDropsAndTiesThemToTheHopWhoseRuleDropped() throws Exception {
    VethLab.requireRoot();
    String ns = "vnddr" + UUID.randomUUID().toString().substring(0, 6);
    String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
    run("ip", "netns", "add", ns);
    try {
      run("ip", "-n", ns, "link", "set", "lo", "up");
      run("ip", "netns", "exec", ns, "nft", "add table inet vnddr { chain in { type filter hook input priority 0;"
          + " tcp dport 9 counter drop; }; }");

      KernelDropReasons.Window window = KernelDropReasons.tracefs().start();
      for (int i = 0; i < 3; i++) {
        new ProcessBuilder("ip", "netns", "exec", ns, "timeout", "0.3", "bash", "-c", "echo > /dev/tcp/127.0.0.1/9")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      }
      // the hop whose nftables drop rule counted, as FirewallCounters reports it
      HopObservation hop = new HopObservation(HopRole.Tap, "lo");
      FirewallRuleHit rule = new FirewallRuleHit();
      rule.setFamily("inet");
      rule.setTable("vnddr");
      rule.setChain("in");
      rule.setHandle(2L);
      rule.setVerdict("drop");
      rule.setPackets(3L);
      hop.getFirewallRules().add(rule);
      long start = System.nanoTime();
      KernelDrops drops = window.end(null, List.of(hop));
      System.out.printf("[KernelDropReasonsLabTest] %d events, %d lost, read in %d ms; tied %s; node-wide %s%n",
          drops.getEvents(), drops.getLost(), (System.nanoTime() - start) / 1_000_000, hop.getDropReasons(),
          drops.getUnattributed());

      assertThat(drops.getState()).as(drops.getMessage()).isEqualTo(KernelDropsState.Counted);
      assertThat(hop.getDropReasons()).anySatisfy(count -> {
        assertThat(count.getReason()).isEqualTo("NETFILTER_DROP");
        assertThat(count.getFunction()).isNotBlank();
        // SYN retries within the 0.3 s may add a few; other tests' drops on this node may add more
        assertThat(count.getCount()).isGreaterThanOrEqualTo(3);
        assertThat(count.getAttribution()).contains("table inet vnddr chain in handle 2");
      });
      assertThat(drops.getEvents()).isGreaterThanOrEqualTo(3);
      assertThat(drops.getMessage()).contains("leaving out NOT_SPECIFIED");
      assertThat(drops.getUnattributed()).noneMatch(count -> count.getReason().equals("NOT_SPECIFIED"));
      String instance = drops.getMessage().replaceAll(".*tracefs instance (\\S+) .*", "$1");
      assertThat(instance).startsWith("vmnetdiag-" + ProcessHandle.current().pid() + "-");
      // nothing left behind: no tracefs mount in our namespace that was not there before, and the instance is gone
      String mountsAfter = Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
      assertThat(mountsAfter.lines().filter(line -> line.contains(" - tracefs ")).toList())
          .isEqualTo(mountsBefore.lines().filter(line -> line.contains(" - tracefs ")).toList());
      Tracefs.mountPoint(mountsAfter.lines().toList())
          .ifPresent(root -> assertThat(root.resolve("instances").resolve(instance)).doesNotExist());
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
