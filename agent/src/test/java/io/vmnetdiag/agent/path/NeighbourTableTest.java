package io.vmnetdiag.agent.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.agent.path.NeighbourTable.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeighbourTableTest {
  private static final String PROC_NET_ARP = """
      IP address       HW type     Flags       HW address            Mask     Device
      10.77.0.1        0x1         0x2         58:6a:b1:e1:47:dc     *        br0
      10.77.0.9        0x1         0x0         00:00:00:00:00:00     *        br0
      10.77.0.5        0x1         0x0         00:16:3e:02:1f:00     *        br0
      10.77.0.6        0x1         0x2         00:16:3E:02:1F:00     *        br0
      10.77.0.7        0x1         0x6         00:16:3e:02:1f:00     *        br0
      """;

  @Test
  void parsesTheKernelFormat() {
    assertThat(NeighbourTable.parse(PROC_NET_ARP)).containsExactly(
        new Entry("10.77.0.1", "58:6a:b1:e1:47:dc", 0x2, "br0"),
        new Entry("10.77.0.9", "00:00:00:00:00:00", 0x0, "br0"),
        new Entry("10.77.0.5", "00:16:3e:02:1f:00", 0x0, "br0"),
        new Entry("10.77.0.6", "00:16:3e:02:1f:00", 0x2, "br0"),
        new Entry("10.77.0.7", "00:16:3e:02:1f:00", 0x6, "br0"));
  }

  @Test
  void skipsLinesItDoesNotUnderstand() {
    assertThat(NeighbourTable.parse(null)).isEmpty();
    assertThat(NeighbourTable.parse("")).isEmpty();
    assertThat(NeighbourTable.parse("""
        IP address HW type Flags HW address Mask Device
        not-an-ip 0x1 0x2 aa:bb:cc:dd:ee:ff * br0
        10.1.1.1 0x1 zz aa:bb:cc:dd:ee:ff * br0
        10.1.1.2 0x1 0x2
        10.1.1.3 0x1 0x2 aa:bb:cc:dd:ee:ff * br0
        """)).extracting(Entry::address).containsExactly("10.1.1.3");
  }

  @Test
  void findsTheCompleteEntryForAMac(@TempDir Path dir) throws Exception {
    Path arp = Files.writeString(dir.resolve("arp"), PROC_NET_ARP);
    NeighbourTable table = new NeighbourTable(arp);

    // 10.77.0.5 is incomplete (flags 0x0): the kernel never heard back, so it proves nothing.
    assertThat(table.addressOf("00:16:3E:02:1f:00")).contains("10.77.0.6");
    assertThat(table.addressOf("02:00:00:00:00:01")).isEmpty();
    assertThat(table.addressOf("00:00:00:00:00:00")).isEmpty();
    assertThat(table.addressOf(null)).isEmpty();
  }

  @Test
  void aMissingFileIsAnEmptyTable(@TempDir Path dir) {
    assertThat(new NeighbourTable(dir.resolve("absent")).read()).isEmpty();
  }
}
