package io.vmnetdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpdumpSummaryTest {
  @Test
  void readsTheClosingStatistics() {
    String stderr = """
        tcpdump: listening on vbr1, link-type EN10MB (Ethernet), snapshot length 96 bytes
        1200000 packets captured
        1200003 packets received by filter
        17 packets dropped by kernel
        """;

    assertThat(TcpdumpSummary.parse(stderr)).isEqualTo(new TcpdumpSummary(1_200_000, 1_200_003, 17));
    assertThat(TcpdumpSummary.parse(stderr).complete()).isTrue();
  }

  @Test
  void readsSingularLines() {
    TcpdumpSummary summary = TcpdumpSummary.parse("1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n");

    assertThat(summary).isEqualTo(new TcpdumpSummary(1, 1, 0));
  }

  @Test
  void missingOrGarbledLinesBecomeMinusOne() {
    assertThat(TcpdumpSummary.parse(null)).isEqualTo(new TcpdumpSummary(-1, -1, -1));
    assertThat(TcpdumpSummary.parse("tcpdump: vbr1: No such device exists")).isEqualTo(new TcpdumpSummary(-1, -1, -1));
    TcpdumpSummary overflow = TcpdumpSummary.parse("99999999999999999999999 packets captured\n3 packets dropped by kernel");
    assertThat(overflow).isEqualTo(new TcpdumpSummary(-1, -1, 3));
    assertThat(overflow.complete()).isFalse();
  }
}
