package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lines as a 6.18 kernel's tracefs {@code trace} file writes them. */
class DropTraceLineTest {
  @Test
  void keepsTheReasonAndTheFunctionWithoutItsOffset() {
    assertThat(DropTraceLine.parse("            bash-15512   [001] ..s1. 15371.238967: kfree_skb: skbaddr=00000000082c1f5f"
        + " rx_sk=0000000000000000 protocol=2048 location=nft_do_chain+0x3e8/0x610 reason: NETFILTER_DROP"))
        .contains(new DropTraceLine("NETFILTER_DROP", "nft_do_chain"));
  }

  @Test
  void readsPastATaskNameWithSpacesAndAModuleAfterTheLocation() {
    assertThat(DropTraceLine.parse(" qemu worker 2-15096   [000] b.... 15371.815292: kfree_skb: skbaddr=000000000abbe055"
        + " rx_sk=0000000000000000 protocol=34525 location=br_handle_frame+0x2a1/0x5c0 [bridge] reason: BRIDGE_INGRESS_STP_STATE"))
        .contains(new DropTraceLine("BRIDGE_INGRESS_STP_STATE", "br_handle_frame"));
  }

  @Test
  void aLocationWithoutASymbolIsKeptAsPrinted() {
    assertThat(DropTraceLine.parse("x-1 [000] ..s1. 1.0: kfree_skb: skbaddr=0 rx_sk=0 protocol=2054"
        + " location=0xffffffffc0a01234 reason: NOT_SPECIFIED")).contains(new DropTraceLine("NOT_SPECIFIED", "0xffffffffc0a01234"));
  }

  @Test
  void headersOtherEventsAndCutLinesAreNotDrops() {
    assertThat(DropTraceLine.parse("# entries-in-buffer/entries-written: 47/47   #P:2")).isEmpty();
    assertThat(DropTraceLine.parse("bash-1 [001] ..s1. 1.0: consume_skb: skbaddr=0 location=net_rx_action+0x1/0x2"))
        .isEqualTo(Optional.empty());
    assertThat(DropTraceLine.parse("bash-1 [001] ..s1. 1.0: kfree_skb: skbaddr=0 rx_sk=0 protocol=2048 location=nf_hook_s"))
        .isEmpty();
    assertThat(DropTraceLine.parse("CPU:1 [LOST 12 EVENTS]")).isEmpty();
  }

  @Test
  void theFilterKeepsTheVmsProtocolsAndLeavesOutUnreasonedFrees() {
    assertThat(DropTraceInstance.filter("2")).isEqualTo("(protocol == 2048 || protocol == 2054 || protocol == 34525) && reason != 2");
    assertThat(DropTraceInstance.filter(null)).isEqualTo("(protocol == 2048 || protocol == 2054 || protocol == 34525)");
  }

  @Test
  void theBufferIs512KibPerCpuWithin8MibInAll() {
    assertThat(KernelDropReasons.bufferKbPerCpu(2)).isEqualTo(512);
    assertThat(KernelDropReasons.bufferKbPerCpu(16)).isEqualTo(512);
    assertThat(KernelDropReasons.bufferKbPerCpu(64)).isEqualTo(128);
    assertThat(KernelDropReasons.bufferKbPerCpu(512)).isEqualTo(64);
  }

  @Test
  void findsTracefsInAMountTableWithEscapedSpaces() {
    assertThat(Tracefs.mountPoint(java.util.List.of(
        "22 1 0:21 / /sys rw,nosuid shared:7 - sysfs sysfs rw",
        "40 22 0:12 / /sys/kernel/my\\040tracing rw,nosuid,nodev,noexec,relatime shared:15 - tracefs tracefs rw")))
        .contains(java.nio.file.Path.of("/sys/kernel/my tracing"));
    assertThat(Tracefs.mountPoint(java.util.List.of("22 1 0:21 / /sys rw - sysfs sysfs rw"))).isEmpty();
  }
}
