package io.vmnetdiag.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterfaceDropsTest {
  private static final String PROC_NET_DEV = """
      Inter-|   Receive                                                |  Transmit
       face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
          lo: 48246542   39657    0    0    0     0          0         0 48246542   39657    0    0    0     0       0          0
      vnet3.0:1200 10    0   17    0     0          0         0      900       9    0    4    0     0       0          0
        eth0: 5 1 2
      """;

  @Test
  void readsTheReceiveDropColumnOfTheNamedInterface() {
    assertThat(InterfaceDrops.parse(PROC_NET_DEV, "vnet3.0")).isEqualTo(17);
    assertThat(InterfaceDrops.parse(PROC_NET_DEV, "lo")).isZero();
  }

  @Test
  void anAbsentInterfaceOrAShortLineIsUnknown() {
    assertThat(InterfaceDrops.parse(PROC_NET_DEV, "vnet3")).isEqualTo(InterfaceDrops.UNKNOWN);
    assertThat(InterfaceDrops.parse(PROC_NET_DEV, "eth0")).isEqualTo(InterfaceDrops.UNKNOWN);
    assertThat(InterfaceDrops.parse("garbage\n:::\n", "lo")).isEqualTo(InterfaceDrops.UNKNOWN);
  }

  @Test
  void dropsBetweenReadingsNeverGoNegative() {
    assertThat(InterfaceDrops.between(5, 12)).isEqualTo(7);
    assertThat(InterfaceDrops.between(InterfaceDrops.UNKNOWN, 12)).isZero();
    assertThat(InterfaceDrops.between(12, InterfaceDrops.UNKNOWN)).isZero();
    assertThat(InterfaceDrops.between(12, 3)).isZero();
  }

  @Test
  void readsThisMachinesLoopback() {
    // The real file, through /proc/thread-self: loopback exists in every network namespace.
    assertThat(InterfaceDrops.read("lo")).isNotNegative();
  }
}
